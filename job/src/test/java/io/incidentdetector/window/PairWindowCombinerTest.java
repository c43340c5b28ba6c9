package io.incidentdetector.window;

import io.incidentdetector.event.ServiceCallEvent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PairWindowCombinerTest {

    private static final OutputTag<ServiceCallEvent> LATE =
            new OutputTag<>("late", TypeInformation.of(ServiceCallEvent.class));
    private static final long T0 = 1_767_225_600_000L;

    private static OneInputStreamOperatorTestHarness<ServiceCallEvent, WindowPartial> harness(int maxOpen)
            throws Exception {
        OneInputStreamOperatorTestHarness<ServiceCallEvent, WindowPartial> h = new OneInputStreamOperatorTestHarness<>(
                new PairWindowCombiner(Duration.ofSeconds(10), LATE, maxOpen));
        h.open();
        return h;
    }

    private static void call(OneInputStreamOperatorTestHarness<ServiceCallEvent, WindowPartial> h, String source,
            String destination, long at, double latency) throws Exception {
        h.processElement(new StreamRecord<>(new ServiceCallEvent(at, source, destination, latency, 200), at));
    }

    @Test
    void aPartLeavesWhenTheWatermarkPassesItsWindowAheadOfTheWatermark() throws Exception {
        try (var h = harness(PreAggregator.MAX_OPEN)) {
            call(h, "frontend", "cart", T0 + 1_000, 5);
            call(h, new String("frontend"), new String("cart"), T0 + 9_999, 7);
            call(h, "frontend", "payment", T0 + 2_000, 30);
            call(h, "frontend", "cart", T0 + 10_000, 9);
            assertThat(h.getOutput()).isEmpty();

            h.processWatermark(new Watermark(T0 + 9_998));
            assertThat(h.extractOutputValues()).as("the window's last instant is not yet passed").isEmpty();
            h.getOutput().clear();
            h.processWatermark(new Watermark(T0 + 9_999));
            List<Object> out = new ArrayList<>(h.getOutput());
            assertThat(out).as("two parts, then the watermark; the next window's part stays").hasSize(3);
            assertThat(out.get(2)).isEqualTo(new Watermark(T0 + 9_999));
            List<WindowPartial> parts = new ArrayList<>();
            for (Object o : out.subList(0, 2)) {
                @SuppressWarnings("unchecked")
                StreamRecord<WindowPartial> r = (StreamRecord<WindowPartial>) o;
                assertThat(r.getTimestamp()).isEqualTo(T0 + 9_999);
                parts.add(r.getValue());
            }
            assertThat(parts).extracting(WindowPartial::pair)
                    .containsExactlyInAnyOrder("frontend->cart", "frontend->payment");
            WindowPartial cart = parts.stream().filter(p -> p.pair().equals("frontend->cart")).findFirst().get();
            assertThat(cart.start()).isEqualTo(T0);
            assertThat(cart.sketch().count()).as("two calls with equal names in different strings: one pair").isEqualTo(2);

            h.getOutput().clear();
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).singleElement().satisfies(p -> {
                assertThat(p.start()).isEqualTo(T0 + 10_000);
                assertThat(p.sketch().quantile(0.5)).isCloseTo(9, org.assertj.core.data.Offset.offset(0.1));
            });
        }
    }

    @Test
    void anEventWhoseWindowThisSubtaskHasClosedIsLate() throws Exception {
        try (var h = harness(PreAggregator.MAX_OPEN)) {
            h.processWatermark(new Watermark(T0 + 19_999));
            call(h, "frontend", "cart", T0 + 12_000, 5);
            call(h, "frontend", "cart", T0 + 20_000, 6);
            assertThat(h.getSideOutput(LATE)).extracting(r -> r.getValue().timestamp()).containsExactly(T0 + 12_000);
            h.processWatermark(new Watermark(T0 + 29_999));
            assertThat(h.extractOutputValues()).extracting(WindowPartial::start).containsExactly(T0 + 20_000);
        }
    }

    @Test
    void everythingLeavesBeforeACheckpointOrWhenTheInputTurnsIdleSoNothingIsKeptInState() throws Exception {
        try (var h = harness(PreAggregator.MAX_OPEN)) {
            call(h, "a", "b", T0, 1);
            call(h, "a", "c", T0 + 15_000, 1);
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.extractOutputValues()).hasSize(2);
            OperatorSubtaskState snapshot = h.snapshot(1, T0);
            assertThat(snapshot.getManagedOperatorState()).isEmpty();
            assertThat(snapshot.getManagedKeyedState()).isEmpty();
            assertThat(snapshot.getRawOperatorState()).isEmpty();

            h.getOutput().clear();
            call(h, "a", "b", T0 + 3_000, 1);
            h.processWatermarkStatus(WatermarkStatus.IDLE);
            assertThat(h.extractOutputValues()).extracting(WindowPartial::pair).containsExactly("a->b");
        }
    }

    @Test
    void thePartsOfAWindowMergeIntoTheSketchOfAllItsEvents() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        LatencySketch whole = new LatencySketch();
        LatencySketch merged = new MergePartials().createAccumulator();
        MergePartials merge = new MergePartials();
        try (var h = harness(PreAggregator.MAX_OPEN)) {
            for (int i = 0; i < 5_000; i++) {
                double latency = Math.exp(random.nextGaussian());
                whole.add(latency);
                call(h, "a", "b", T0 + random.nextInt(10_000), latency);
                if (i % 700 == 0) {
                    h.prepareSnapshotPreBarrier(i);
                }
            }
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            List<WindowPartial> parts = h.extractOutputValues();
            assertThat(parts.size()).isGreaterThan(5);
            for (WindowPartial p : parts) {
                merged = merge.add(p, merged);
            }
        }
        assertThat(merged.count()).isEqualTo(5_000);
        for (double q : new double[] {0.01, 0.5, 0.9, 0.99}) {
            assertThat(merged.quantile(q)).as("q" + q).isEqualTo(whole.quantile(q));
        }
    }

    @Test
    void aMeshTooLargeToHoldIsSentInPartsEarly() throws Exception {
        try (var h = harness(100)) {
            for (int i = 0; i < 250; i++) {
                call(h, "svc-" + i, "db-" + (i % 7), T0 + i, 1);
            }
            assertThat(h.extractOutputValues()).as("sent whenever 100 were held").hasSize(200);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).hasSize(250);
        }
    }

    @Test
    void aFloodOfPairsThatEachReportOnceHoldsAtMostTwiceMaxOpenKeys() throws Exception {
        try (var h = harness(100)) {
            for (int i = 0; i < 10_000; i++) {
                call(h, "flood" + i, "sink", T0 + i, 5);
            }
            PairWindowCombiner combiner = (PairWindowCombiner) h.getOperator();
            assertThat(combiner.keysHeld()).isLessThanOrEqualTo(200);
            assertThat(h.extractOutputValues()).as("every pair's part sent early, none lost")
                    .hasSizeGreaterThanOrEqualTo(9_800);
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).hasSize(10_000);
        }
    }
}
