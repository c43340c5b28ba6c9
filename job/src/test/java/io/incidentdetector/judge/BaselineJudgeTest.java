package io.incidentdetector.judge;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.model.OnlineBaseline;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.PAYMENT;
import static io.incidentdetector.TestEvents.ts;
import static io.incidentdetector.TestEvents.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BaselineJudgeTest {

    private static final long HOUR = 3_600_000;

    private static WindowStats stats(String pair, int window, double y) {
        Instant end = windowEnd(window);
        return new WindowStats(pair, end.minusSeconds(10), end, 20, y);
    }

    private static LatencyConfig config(boolean phaseAlign, List<PairConfig> pairs) {
        ModelConfig model = ModelConfig.defaults().withWarmup(4, Duration.ZERO).withMinRelativeBand(0.01)
                .withPhaseAlign(phaseAlign, Duration.ofDays(1));
        return LatencyConfig.defaults().withModel(model).withPairs(pairs);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, WindowStats, TrainedBaseline, WindowVerdict> harness(
            LatencyConfig config) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new BaselineJudge(config)),
                WindowStats::pair, TrainedBaseline::pair, Types.STRING);
    }

    private static List<PairConfig> trained(String pair) {
        String[] parts = pair.split("->");
        return List.of(new PairConfig(parts[0], parts[1], null, "training.json"));
    }

    @Test
    void windowsOfATrainedPairWaitForItsTrainingThenAreJudgedAgainstIt() throws Exception {
        long[] times = new long[300];
        double[] values = new double[300];
        Random random = new Random(5);
        for (int i = 0; i < times.length; i++) {
            times[i] = windowEnd(1).toEpochMilli() - (300 - i) * 60_000L;
            values[i] = 5 * Math.exp(0.01 * random.nextGaussian());
        }
        OnlineBaseline model = new BaselineTrainer(config(false, List.of()).model()).train(times, values);
        try (var h = harness(config(false, trained(CART)))) {
            h.open();
            h.processElement1(stats(CART, 1, 5.5), 0);
            h.processElement1(stats(CART, 2, 7.0), 0);
            assertThat(h.extractOutputValues()).as("windows of a trained pair wait for its training").isEmpty();
            h.processElement2(new TrainedBaseline(CART, model, "training.json", null), 0);
            List<WindowVerdict> out = h.extractOutputValues();
            assertThat(out).extracting(WindowVerdict::model).containsExactly(OnlineBaseline.TRAINED,
                    OnlineBaseline.TRAINED);
            assertThat(out.get(0).yhat()).isCloseTo(5.0, within(0.1));
            assertThat(out.get(0).mae()).isCloseTo(5.5 - out.get(0).yhat(), within(1e-9));
            assertThat(out.get(0).mape()).isCloseTo(out.get(0).mae() / 5.5, within(1e-9));
            assertThat(out.get(1).anomalyCount()).isEqualTo(1);
        }
    }

    @Test
    void aTrainedProfileIsReadByWallClockOrWithPhaseAlignAtTheTrainingPhase() throws Exception {
        // four days at 1-minute steps of a daily wave: 13.5 at midnight, 7.4 at noon (about 70% of it learned)
        ModelConfig profileOnly = config(false, List.of()).model().withLevelTracking(0);
        int n = 4 * 24 * 60;
        long start = windowEnd(1).toEpochMilli() - Math.floorMod(windowEnd(1).toEpochMilli(), 86_400_000L)
                - 5 * 86_400_000L;
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = start + i * 60_000L;
            values[i] = 10 * Math.exp(0.3 * Math.cos(2 * Math.PI * i / 1440.0));
        }
        OnlineBaseline model = new BaselineTrainer(profileOnly).train(times, values);
        long noon = start + 5 * 86_400_000L + 43_200_000L;
        for (boolean align : new boolean[] {false, true}) {
            LatencyConfig config = config(align, trained(CART)).withModel(profileOnly.withPhaseAlign(align,
                    Duration.ofDays(1)));
            OnlineBaseline copy = new BaselineTrainer(profileOnly).train(times, values);
            try (var h = harness(config)) {
                h.open();
                h.processElement2(new TrainedBaseline(CART, copy, "training.json", null), 0);
                h.processElement1(new WindowStats(CART, Instant.ofEpochMilli(noon - 10_000), Instant.ofEpochMilli(noon),
                        20, 10), 0);
                double yhat = h.extractOutputValues().get(0).yhat();
                // wall clock: noon is the trough; aligned: the first live window reads the training's first point
                assertThat(yhat).as("phase-align " + align).isCloseTo(align ? 13.5 : 7.4, within(1.5));
            }
        }
        assertThat(model.firstSeen).isEqualTo(start);
    }

    @Test
    void aTrainingFileThatCannotBeUsedIsADeadLetterAndThePairLearnsOnline() throws Exception {
        try (var h = harness(config(true, trained(CART)))) {
            h.open();
            h.processElement1(stats(CART, 1, 5.0), 0);
            h.processElement2(new TrainedBaseline(CART, null, "training.json", "no series"), 0);
            assertThat(h.extractOutputValues()).extracting(WindowVerdict::model).containsExactly(WindowVerdict.LEARNING);
            assertThat(h.getSideOutput(BaselineJudge.REFUSED)).extracting(r -> r.getValue().reason())
                    .containsExactly("no series");
        }
    }

    @Test
    void aPairWithoutTrainingLearnsFromItsFirstWindowsBeforeJudging() throws Exception {
        try (var h = harness(config(false, List.of()))) {
            h.open();
            double[] ys = {4.0, 4.2, 3.8, 4.1, 4.0, 30.0};
            for (int i = 0; i < ys.length; i++) {
                h.processElement1(stats(PAYMENT, i + 1, ys[i]), 0);
            }
            List<WindowVerdict> out = h.extractOutputValues();
            assertThat(out.subList(0, 4)).extracting(WindowVerdict::model).containsOnly(WindowVerdict.LEARNING);
            assertThat(out.subList(0, 4)).extracting(WindowVerdict::anomalyCount).containsOnly(0);
            assertThat(out.get(0).yhat()).isNull();
            assertThat(out.get(4).model()).isEqualTo(OnlineBaseline.LEARNED);
            assertThat(out.get(4).yhat()).as("the median of the first four").isCloseTo(4.05, within(0.01));
            assertThat(out.get(4).anomalyCount()).isZero();
            assertThat(out.get(5).anomalyCount()).isEqualTo(1);
        }
    }

    @Test
    void theLevelFollowsInBandWindowsButNotAnomalousOnes() throws Exception {
        ModelConfig model = ModelConfig.defaults().withWarmup(4, Duration.ZERO).withMinRelativeBand(0.2)
                .withLevelTracking(0.5);
        try (var h = harness(LatencyConfig.defaults().withModel(model))) {
            h.open();
            for (int i = 1; i <= 4; i++) {
                h.processElement1(stats(CART, i, 10.0), 0);   // flat 10: band 10 +/- 2 (the 20% floor)
            }
            h.processElement1(stats(CART, 5, 11.0), 0);       // in band: the level moves half way (in log space)
            h.processElement1(stats(CART, 6, 50.0), 0);       // anomalous: the level stays
            h.processElement1(stats(CART, 7, 10.5), 0);
            List<WindowVerdict> out = h.extractOutputValues();
            assertThat(out.get(4).yhat()).isCloseTo(10.0, within(0.01));
            assertThat(out.get(5).yhat()).isCloseTo(10 * Math.sqrt(1.1), within(0.01));
            assertThat(out.get(5).anomalyCount()).isEqualTo(1);
            assertThat(out.get(6).yhat()).isCloseTo(10 * Math.sqrt(1.1), within(0.01));
        }
    }

    @Test
    void aPairSilentForItsTtlIsForgottenWithAllItsStateAndTimerAndLeavesTheCallGraph() throws Exception {
        LatencyConfig config = config(true, List.of()).withPairLimits(100, Duration.ofMinutes(1));
        try (var h = harness(config)) {
            h.open();
            h.processElement1(stats(CART, 1, 4.0), ts(1));
            h.processElement1(stats(CART, 2, 4.0), ts(2));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts(2) + 59_000));
            assertThat(h.numKeyedStateEntries()).as("still within the TTL").isPositive();
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts(2) + 60_000));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.getSideOutput(BaselineJudge.PRESENCE)).extracting(StreamRecord::getValue).containsExactly(
                    new PairPresence(CART, ts(1), true), new PairPresence(CART, ts(2) + 60_000, false));
            // back after its TTL: a new pair, announced again and learning from scratch
            h.processElement1(stats(CART, 20, 4.0), ts(20));
            assertThat(h.extractOutputValues().get(2).model()).isEqualTo(WindowVerdict.LEARNING);
            assertThat(h.getSideOutput(BaselineJudge.PRESENCE)).hasSize(3);
        }
    }

    @Test
    void newPairsBeyondTheCapAreDeadLettersWithTheReasonAndRoomFreedByExpiryIsReused() throws Exception {
        LatencyConfig config = config(true, List.of()).withPairLimits(2, Duration.ofMinutes(1));
        try (var h = harness(config)) {
            h.open();
            h.processElement1(stats("a->b", 1, 4.0), ts(1));
            h.processElement1(stats("a->c", 1, 4.0), ts(1));
            h.processElement1(stats("a->d", 1, 4.0), ts(1));
            assertThat(h.extractOutputValues()).extracting(WindowVerdict::pair).containsExactly("a->b", "a->c");
            List<DeadLetter> refused = h.getSideOutput(BaselineJudge.REFUSED).stream().map(StreamRecord::getValue)
                    .toList();
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).reason()).contains("latency.max-pairs (2) reached").contains("a->d")
                    .contains("Fix: raise latency.max-pairs");
            assertThat(refused.get(0).payload()).contains("\"pair\":\"a->d\"").contains("\"count\":20");

            // a->b stays, a->c goes silent and expires: a->d gets its place
            for (int w = 2; w <= 8; w++) {
                h.processElement1(stats("a->b", w, 4.0), ts(w));
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts(1) + 60_000));
            h.processElement1(stats("a->d", 9, 4.0), ts(9));
            assertThat(h.extractOutputValues()).extracting(WindowVerdict::pair).endsWith("a->d");
            assertThat(h.getSideOutput(BaselineJudge.REFUSED)).hasSize(1);
        }
    }

    @Test
    void aFloodOfNewPairsLeavesAtMostTheCapInStateWhileTheKnownPairGoesOnBeingJudged() throws Exception {
        LatencyConfig config = config(true, List.of()).withPairLimits(100, Duration.ofHours(1));
        try (var h = harness(config)) {
            h.open();
            for (int w = 1; w <= 100; w++) {
                h.processElement1(stats("a->b", w, 4.0), ts(w));
                for (int j = 0; j < 100; j++) {
                    h.processElement1(stats("flood" + (w * 100 + j) + "->sink", w, 4.0), ts(w));
                }
            }
            assertThat(h.numKeyedStateEntries()).as("one pair state per pair tracked").isEqualTo(100);
            assertThat(h.extractOutputValues()).filteredOn(v -> v.pair().equals("a->b")).hasSize(100);
            assertThat(h.getSideOutput(BaselineJudge.REFUSED)).as("every window of a pair not tracked")
                    .hasSize(10_000 - 99);
        }
    }

    @Test
    void excludedPairsAreNotJudged() throws Exception {
        LatencyConfig config = config(true, List.of(new PairConfig("frontend", "cartservice", null, null, true)));
        try (var h = harness(config)) {
            h.open();
            h.processElement1(stats(CART, 1, 4.0), ts(1));
            h.processElement1(stats(PAYMENT, 1, 4.0), ts(1));
            assertThat(h.extractOutputValues()).extracting(WindowVerdict::pair).containsExactly(PAYMENT);
            assertThat(h.getSideOutput(BaselineJudge.PRESENCE)).hasSize(1);
        }
    }

    @Test
    void aTrainedPairIsAnnouncedWithItsFirstWindowEvenIfItsTrainingCameFirst() throws Exception {
        OnlineBaseline model = new BaselineTrainer(ModelConfig.defaults()).train(new long[] {0, HOUR, 2 * HOUR},
                new double[] {5, 5, 5});
        try (var h = harness(config(false, trained(CART)))) {
            h.open();
            h.processElement2(new TrainedBaseline(CART, model, "training.json", null), 0);
            assertThat(h.getSideOutput(BaselineJudge.PRESENCE)).isNull();
            h.processElement1(stats(CART, 1, 5.0), ts(1));
            assertThat(h.getSideOutput(BaselineJudge.PRESENCE)).extracting(StreamRecord::getValue)
                    .containsExactly(new PairPresence(CART, ts(1), true));
        }
    }

    @Test
    void windowsWaitForTheTrainingUntilEveryFileHasBeenReadThenThePairLearnsOnline() throws Exception {
        try (var h = harness(config(true, trained(CART)))) {
            h.open();
            for (int w = 1; w <= 6; w++) {
                h.processElement1(stats(CART, w, 4.0), ts(w));
            }
            assertThat(h.extractOutputValues()).as("no watermark: the training source is still reading").isEmpty();
            // the training source has finished without this pair's model: the watermark moves
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts(6)));
            h.processElement1(stats(CART, 7, 4.0), ts(7));
            assertThat(h.extractOutputValues()).hasSize(7);
            assertThat(h.extractOutputValues().get(4).model()).isEqualTo(OnlineBaseline.LEARNED);
        }
    }

    @Test
    void withHistoryBaselinesEveryNewPairWaitsForItsOwnAndAPairThatNeverComesIsForgotten() throws Exception {
        LatencyConfig config = config(false, List.of()).withPairLimits(100, Duration.ofMinutes(10));
        OnlineBaseline history = new BaselineTrainer(config.model()).train(
                new long[] {ts(-3), ts(-2), ts(-1), ts(0)}, new double[] {5.0, 5.1, 4.9, 5.0});
        String gone = "frontend->adservice";
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                new BaselineJudge(config, true)), WindowStats::pair, TrainedBaseline::pair, Types.STRING)) {
            h.open();
            h.processElement1(stats(CART, 1, 5.2), ts(1));
            assertThat(h.extractOutputValues()).as("a new pair waits while the history is read").isEmpty();
            h.processElement2(new TrainedBaseline(CART, history, "prometheus history", null), ts(0));
            h.processElement2(new TrainedBaseline(gone, history, "prometheus history", null), ts(0));
            assertThat(h.extractOutputValues()).extracting(WindowVerdict::model).containsExactly(OnlineBaseline.TRAINED);
            // the history has ended (its watermark is the end of input); a pair without history learns online
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts(2)));
            h.processElement1(stats(PAYMENT, 2, 3.0), ts(2));
            assertThat(h.extractOutputValues()).extracting(WindowVerdict::model)
                    .containsExactly(OnlineBaseline.TRAINED, WindowVerdict.LEARNING);
            // CART stays for as long as it is seen; the history pair that never came is cleared after the TTL
            h.processElement1(stats(CART, 11, 5.0), ts(11));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts(0) + 600_000));
            assertThat(h.getSideOutput(BaselineJudge.PRESENCE)).extracting(StreamRecord::getValue)
                    .extracting(PairPresence::pair).doesNotContain(gone);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts(11) + 600_000));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(ts(30) + 600_000));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
