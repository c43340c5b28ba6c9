package io.incidentdetector.canary;

import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.connectors.deadletter.DeadLetter;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.incidentdetector.canary.SeedCompatibleComparisonTest.BASE;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.NEW;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.OLD;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.count;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code canary.max-codes}: new codes beyond it are refused with the reason, stale codes make room at the cap. */
class CodeCapTest {

    /** Rate mode, 10-second bins, windows of 2 and 3 bins (3 bins kept), at most {@code maxCodes} codes. */
    private static CanaryConfig config(int maxCodes) {
        return ConfigLoader.parse("canary:\n  bins: 10\n  threshold-bins: [2, 3]\n  max-codes: " + maxCodes + "\n",
                "test").canary();
    }

    private static List<SecondCount> second(int s, int... codes) {
        List<SecondCount> counts = new ArrayList<>();
        for (int code : codes) {
            counts.add(count(s, OLD, code, 2));
            counts.add(count(s, NEW, code, 2));
        }
        return counts;
    }

    @Test
    void aNewCodeBeyondTheCapIsRefusedWithTheReasonAndTheKnownCodesAreStillCompared() throws Exception {
        CanaryComparison comparison = new CanaryComparison(config(3), OLD, NEW, false);
        CanaryState state = new CanaryState();
        List<BinCell> cells = new ArrayList<>();
        assertThat(comparison.accept(state, BASE.toEpochMilli(), second(0, 1, 2, 3), a -> { }, cells::add,
                h -> { })).isEmpty();
        List<SecondCount> refused = comparison.accept(state, BASE.toEpochMilli() + 1000, second(1, 1, 4, 5),
                a -> { }, cells::add, h -> { });

        assertThat(refused).extracting(SecondCount::code).containsExactly(4, 4, 5, 5);
        assertThat(state.codes).containsOnlyKeys(1, 2, 3);
        assertThat(state.open.baseline).containsOnlyKeys(1, 2, 3);
        assertThat(state.open.canaryTotal).as("refused counts are not traffic either").isEqualTo(8);
        DeadLetter letter = comparison.refusal(state, refused.get(0));
        assertThat(letter.origin()).isEqualTo("canary.max-codes");
        assertThat(letter.payload()).contains("\"code\":4").contains("\"build\":\"" + OLD + "\"");
        assertThat(letter.reason()).contains("canary.max-codes (3) reached").contains("code 4 of build " + OLD)
                .contains("Fix: raise canary.max-codes");
        assertThat(letter.seenAt()).isEqualTo(BASE.plusSeconds(1));

        comparison.accept(state, BASE.toEpochMilli() + 10_000, second(10, 1), a -> { }, cells::add, h -> { });
        assertThat(cells).extracting(BinCell::code).containsExactly(1, 2, 3);
    }

    @Test
    void atTheCapACodeWithoutErrorsInTheBinsKeptIsForgottenAndMakesRoom() throws Exception {
        CanaryComparison comparison = new CanaryComparison(config(3), OLD, NEW, false);
        CanaryState state = new CanaryState();
        comparison.accept(state, BASE.toEpochMilli(), second(0, 1, 2, 3), a -> { }, c -> { }, h -> { });
        // codes 1 and 2 go on; code 3 is silent from then on
        for (int s = 10; s <= 30; s += 10) {
            comparison.accept(state, BASE.toEpochMilli() + s * 1000L, second(s, 1, 2), a -> { }, c -> { }, h -> { });
            assertThat(state.codes).as("code 3 had an error in the 3 bins kept").containsKey(3);
        }
        comparison.accept(state, BASE.toEpochMilli() + 40_000, second(40, 1, 2), a -> { }, c -> { }, h -> { });
        assertThat(state.codes).as("no error of code 3 in the 3 bins kept: stale").containsOnlyKeys(1, 2);
        assertThat(comparison.accept(state, BASE.toEpochMilli() + 41_000, second(41, 6), a -> { }, c -> { },
                h -> { })).isEmpty();
        assertThat(state.codes).containsOnlyKeys(1, 2, 6);
    }

    @Test
    void belowTheCapAStaleCodeIsKeptSoTheComparisonIsThatOfAnUncappedOne() throws Exception {
        CanaryComparison comparison = new CanaryComparison(config(1_000), OLD, NEW, false);
        CanaryState state = new CanaryState();
        List<BinCell> cells = new ArrayList<>();
        comparison.accept(state, BASE.toEpochMilli(), second(0, 1, 3), a -> { }, c -> { }, h -> { });
        for (int s = 10; s <= 100; s += 10) {
            comparison.accept(state, BASE.toEpochMilli() + s * 1000L, second(s, 1), a -> { }, cells::add, h -> { });
        }
        assertThat(state.codes).containsOnlyKeys(1, 3);
        assertThat(cells).filteredOn(c -> c.code() == 3).hasSize(10);
    }

    @Test
    void aFloodOfCodesThroughTheOperatorLeavesAtMostTheCapInStateAndOneDeadLetterPerRefusedCount()
            throws Exception {
        CanaryBinner binner = new CanaryBinner(new CanaryComparison(config(50), OLD, NEW, false));
        long t0 = BASE.toEpochMilli();
        try (KeyedOneInputStreamOperatorTestHarness<String, SecondCount, CanaryAlert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(binner), c -> "k",
                        Types.STRING)) {
            h.open();
            for (int s = 0; s < 100; s++) {
                h.processElement(count(s, OLD, 1, 20), t0 + s * 1000L + 999);
                h.processElement(count(s, NEW, 1, 20), t0 + s * 1000L + 999);
                for (int j = 0; j < 100; j++) {
                    h.processElement(count(s, NEW, 1_000 + s * 100 + j, 1), t0 + s * 1000L + 999);
                }
                h.processWatermark(t0 + s * 1000L + 999);
            }
            h.processElement(count(100, OLD, 1, 20), t0 + 100_999);   // finishes the last bin
            h.processWatermark(t0 + 100_999);
            assertThat(stateOf(h).codes).hasSizeLessThanOrEqualTo(50).containsKey(1);
            List<DeadLetter> refused = h.getSideOutput(CanaryBinner.REFUSED_CODES).stream()
                    .map(StreamRecord::getValue).toList();
            // 10,000 flood codes, each one count: every count not compared is one dead letter
            long compared = h.getSideOutput(CanaryBinner.CELLS).stream()
                    .filter(c -> c.getValue().code() >= 1_000).map(c -> c.getValue().code()).distinct().count();
            assertThat(refused).hasSizeGreaterThan(9_000);
            assertThat(refused.size() + compared).isGreaterThanOrEqualTo(10_000);
            assertThat(refused).allSatisfy(d -> assertThat(d.reason()).contains("canary.max-codes (50) reached"));
        }
    }

    private static CanaryState stateOf(KeyedOneInputStreamOperatorTestHarness<String, SecondCount, CanaryAlert> h)
            throws Exception {
        h.getOperator().getKeyedStateBackend().setCurrentKey("k");
        return h.getOperator().<String>getKeyedStateBackend().getPartitionedState(
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE,
                org.apache.flink.runtime.state.VoidNamespaceSerializer.INSTANCE,
                new org.apache.flink.api.common.state.ValueStateDescriptor<>("canary-state", CanaryState.class))
                .value();
    }
}
