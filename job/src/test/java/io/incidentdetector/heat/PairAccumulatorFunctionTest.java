package io.incidentdetector.heat;

import io.incidentdetector.config.AccumulatorConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.judge.WindowVerdict;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.testing.KeyedStateEntries;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.PAYMENT;
import static io.incidentdetector.TestEvents.ts;
import static io.incidentdetector.TestEvents.windowEnd;
import static io.incidentdetector.TestEvents.verdict;
import static org.assertj.core.api.Assertions.assertThat;

class PairAccumulatorFunctionTest {

    static KeyedBroadcastOperatorTestHarness<String, WindowVerdict, ControlCommand, PairHeat> harness(
            LatencyConfig config) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
                new PairAccumulatorFunction(config), List.of(ThresholdOverrides.PAIRS)), WindowVerdict::pair,
                Types.STRING, 1, 1, 0);
    }

    @Test
    void heatsUpCoolsDownPerPairWithItsOwnThresholdAndClearsStateAtZero() throws Exception {
        LatencyConfig config = LatencyConfig.defaults()
                .withPairs(List.of(new PairConfig("frontend", "cartservice", 2.0, null)));
        config = config.withAccumulator(new AccumulatorConfig(2.0, 5.0, 6.0));
        try (var harness = harness(config)) {
            harness.open();
            int[] cart = {1, 1, 1, 1, 1, 1, 0, 0, 0};
            for (int w = 0; w < cart.length; w++) {
                harness.processElement(verdict(CART, w + 1, cart[w]), ts(w + 1) - 1);
            }
            harness.processElement(verdict(PAYMENT, 1, 1), ts(1) - 1);

            List<PairHeat> out = harness.extractOutputValues();
            assertThat(out.subList(0, 9)).extracting(PairHeat::accumulator)
                    .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 3.0, 1.0, 0.0);
            assertThat(out.subList(0, 9)).extracting(PairHeat::hot)
                    .containsExactly(false, false, true, true, true, true, true, false, false);
            assertThat(out.get(9).threshold()).isEqualTo(6.0); // the default for unlisted pairs
            assertThat(out.get(9).hot()).isFalse();

            // cartservice cooled to zero and holds only its excursion history; paymentservice still carries heat 1 and a timer
            assertThat(KeyedStateEntries.of(harness)).isEqualTo(4); // and both pairs' excursion histories
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            harness.processElement(verdict(PAYMENT, 2, 0), ts(2) - 1);
            assertThat(KeyedStateEntries.of(harness)).as("only the excursion histories are kept").isEqualTo(2);
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void withAGapAllowanceAHotPairThatStopsReportingHoldsItsHeatThenCoolsDownWindowByWindow() throws Exception {
        LatencyConfig config = LatencyConfig.defaults().withAccumulator(new AccumulatorConfig(2.0, 20.0, 6.0)
                .withGapWindows(3));
        try (var harness = harness(config)) {
            harness.open();
            for (int w = 1; w <= 5; w++) {
                harness.processElement(verdict(CART, w, 1), ts(w) - 1);
                harness.watermark(ts(w) - 1);
            }
            // no verdict for windows 6.. : the first 3 missing windows (gap-windows) hold the heat, later ones cool
            harness.watermark(ts(10) - 1);
            List<PairHeat> out = harness.extractOutputValues();
            assertThat(out).extracting(PairHeat::accumulator)
                    .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.0, 5.0, 3.0, 1.0);
            assertThat(out.get(5).time()).isEqualTo(io.incidentdetector.TestEvents.windowEnd(6));
            assertThat(out.get(5).verdict()).isNull();
            // traffic returns in window 11: the pending quiet timer is replaced, not fired twice, and a later gap is
            // held again
            harness.processElement(verdict(CART, 11, 1), ts(11) - 1);
            harness.watermark(ts(11) - 1);
            assertThat(harness.extractOutputValues()).hasSize(11);
            assertThat(harness.extractOutputValues().get(10).accumulator()).isEqualTo(2.0);
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            harness.watermark(ts(12) - 1);
            assertThat(harness.extractOutputValues().get(11).accumulator()).isEqualTo(2.0);
            // the end of input is not silence: nothing more is emitted, and state is released
            harness.watermark(Long.MAX_VALUE);
            assertThat(harness.extractOutputValues()).hasSize(12);
            assertThat(KeyedStateEntries.of(harness)).as("only the excursion history is kept").isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void byDefaultAGapHoldsTheHeatUntilThePairTtlThenTheSilentPairCools() throws Exception {
        // pair TTL 1 min = 6 windows of 10 s: missing windows 6 to 11 hold the heat, later ones cool
        LatencyConfig config = LatencyConfig.defaults().withAccumulator(new AccumulatorConfig(2.0, 20.0, 6.0))
                .withPairLimits(100, java.time.Duration.ofMinutes(1));
        try (var harness = harness(config)) {
            harness.open();
            for (int w = 1; w <= 5; w++) {
                harness.processElement(verdict(CART, w, 1), ts(w) - 1);
                harness.watermark(ts(w) - 1);
            }
            harness.watermark(ts(14) - 1);
            assertThat(harness.extractOutputValues()).extracting(PairHeat::accumulator)
                    .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 3.0, 1.0, 0.0);
            assertThat(KeyedStateEntries.of(harness)).as("only the excursion history is kept").isEqualTo(1);
        }
    }

    @Test
    void aVerdictAfterAGapWhoseTimerHasNotFiredReportsTheMissingWindowsFirst() throws Exception {
        // a replay reads faster than watermarks advance: the gap must count the same as when its timers fire
        LatencyConfig config = LatencyConfig.defaults().withAccumulator(new AccumulatorConfig(2.0, 20.0, 6.0));
        try (var harness = harness(config)) {
            harness.open();
            for (int w = 1; w <= 7; w++) {
                harness.processElement(verdict(CART, w, 1), ts(w) - 1);
            }
            // windows 8 to 11 missing (NaN samples are left out by the reader), no watermark in between
            harness.processElement(verdict(CART, 12, 1), ts(12) - 1);
            List<PairHeat> out = harness.extractOutputValues();
            assertThat(out).extracting(PairHeat::time).containsExactly(windowEnd(1), windowEnd(2), windowEnd(3),
                    windowEnd(4), windowEnd(5), windowEnd(6), windowEnd(7), windowEnd(8), windowEnd(9), windowEnd(10),
                    windowEnd(11), windowEnd(12));
            assertThat(out).extracting(PairHeat::accumulator)
                    .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0, 7.0, 7.0, 7.0, 8.0);
            assertThat(out.subList(7, 11)).extracting(PairHeat::hot).containsOnly(true);
            assertThat(out.subList(7, 11)).extracting(PairHeat::verdict).containsOnlyNulls();
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void withNoGapAllowanceEveryMissingWindowCountsAsQuiet() throws Exception {
        LatencyConfig config = LatencyConfig.defaults().withAccumulator(new AccumulatorConfig(2.0, 20.0, 6.0)
                .withGapWindows(0));
        try (var harness = harness(config)) {
            harness.open();
            for (int w = 1; w <= 3; w++) {
                harness.processElement(verdict(CART, w, 1), ts(w) - 1);
            }
            harness.watermark(ts(5) - 1);
            assertThat(harness.extractOutputValues()).extracting(PairHeat::accumulator)
                    .containsExactly(1.0, 2.0, 3.0, 1.0, 0.0);
            assertThat(KeyedStateEntries.of(harness)).as("only the excursion history is kept").isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void atOneMinuteStepsHeatCountsTheSameTimeOfEvidence() throws Exception {
        // window 1 min = 6 units of 10 s: hot (> 6) after 2 out-of-band samples, not 7; a quiet one takes 12 away
        LatencyConfig config = LatencyConfig.defaults().withWindow(java.time.Duration.ofMinutes(1));
        try (var harness = harness(config)) {
            harness.open();
            java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
            for (int minute = 1; minute <= 3; minute++) {
                java.time.Instant end = t.plusSeconds(60L * minute);
                int anomalous = minute <= 2 ? 1 : 0;
                harness.processElement(new WindowVerdict(end, CART, 20, anomalous == 1 ? 210 : 8, 8.0, 7.0, 9.0,
                        anomalous, 1.0, 0.1, "trained"), end.toEpochMilli() - 1);
            }
            List<PairHeat> out = harness.extractOutputValues();
            assertThat(out).extracting(PairHeat::accumulator).containsExactly(6.0, 12.0, 0.0);
            assertThat(out).extracting(PairHeat::hot).containsExactly(false, true, false);
            assertThat(KeyedStateEntries.of(harness)).as("only the excursion history is kept").isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aThresholdSetAtRuntimeAppliesFromItsTimeAndAPairCommandWinsOverItsCallees() throws Exception {
        LatencyConfig config = LatencyConfig.defaults().withAccumulator(new AccumulatorConfig(2.0, 20.0, 6.0));
        try (var harness = harness(config)) {
            harness.open();
            harness.processBroadcastElement(new ControlCommand("c-1", windowEnd(3), ControlCommand.Kind.SET_THRESHOLD,
                    null, "cartservice", null, 2.5, null, null, null, false, null, null, null), 0);
            for (int w = 1; w <= 4; w++) {
                harness.processElement(verdict(CART, w, 1), ts(w) - 1);
            }
            assertThat(harness.extractOutputValues()).extracting(PairHeat::threshold)
                    .containsExactly(6.0, 6.0, 2.5, 2.5);
            assertThat(harness.extractOutputValues()).extracting(PairHeat::hot)
                    .containsExactly(false, false, true, true);
            harness.processBroadcastElement(new ControlCommand("c-2", windowEnd(5), ControlCommand.Kind.SET_THRESHOLD,
                    CART, null, null, 12.0, null, null, null, false, null, null, null), 0);
            harness.processElement(verdict(CART, 5, 1), ts(5) - 1);
            harness.processElement(verdict(PAYMENT, 5, 1), ts(5) - 1);
            List<PairHeat> out = harness.extractOutputValues();
            assertThat(out.get(4).threshold()).isEqualTo(12.0);
            assertThat(out.get(5).threshold()).as("another callee keeps the configured threshold").isEqualTo(6.0);
        }
    }

    @Test
    void aThresholdSetAtRuntimeSurvivesARestartFromACheckpoint() throws Exception {
        LatencyConfig config = LatencyConfig.defaults().withAccumulator(new AccumulatorConfig(2.0, 20.0, 6.0));
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var harness = harness(config)) {
            harness.open();
            harness.processBroadcastElement(new ControlCommand("c-1", windowEnd(1), ControlCommand.Kind.SET_THRESHOLD,
                    CART, null, null, 1.5, null, null, null, false, null, null, null), 0);
            snapshot = harness.snapshot(1L, 1L);
        }
        try (var restored = harness(config)) {
            restored.initializeState(snapshot);
            restored.open();
            restored.processElement(verdict(CART, 2, 1), ts(2) - 1);
            restored.processElement(verdict(CART, 3, 1), ts(3) - 1);
            assertThat(restored.extractOutputValues()).extracting(PairHeat::threshold).containsExactly(1.5, 1.5);
            assertThat(restored.extractOutputValues()).extracting(PairHeat::hot).containsExactly(false, true);
        }
    }
}
