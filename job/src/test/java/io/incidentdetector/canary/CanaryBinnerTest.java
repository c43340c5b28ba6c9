package io.incidentdetector.canary;

import io.incidentdetector.canary.alert.AlertStatus;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.incident.GroupHeat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.incidentdetector.canary.SeedCompatibleComparisonTest.BASE;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.NEW;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.OLD;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.count;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator: per-second buffering in event-time order, and bins finished by time when the canary falls silent. */
class CanaryBinnerTest {

    static final long T0 = BASE.toEpochMilli();

    @Test
    void countsArrivingOutOfOrderAreAppliedInTimeOrderAndASilentCanaryCoolsDown() throws Exception {
        CanaryConfig config = CanaryConfig.defaults().with(null, 10, 1.25, List.of(2));
        CanaryBinner binner = new CanaryBinner(new CanaryComparison(config, OLD, NEW, false));
        try (KeyedOneInputStreamOperatorTestHarness<String, SecondCount, CanaryAlert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(binner), c -> "k", Types.STRING)) {
            h.open();
            // 40 s of traffic: code 1 steady in both builds, code 2 only in the canary from 0:00:10
            for (int s = 39; s >= 0; s--) {     // arrival order reversed: the operator must not care
                h.processElement(count(s, OLD, 1, 20), T0 + s * 1000L + 999);
                h.processElement(count(s, NEW, 1, 20), T0 + s * 1000L + 999);
                if (s >= 10) {
                    h.processElement(count(s, NEW, 2, 3), T0 + s * 1000L + 999);
                }
            }
            h.processWatermark(T0 + 40_999);
            assertThat(h.extractOutputValues()).extracting(CanaryAlert::code, CanaryAlert::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(2, AlertStatus.ACTIVE));
            int heatBefore = h.getSideOutput(CanaryBinner.HEAT).size();

            // then nothing at all arrives; event time moves on: bins finish by time and the alert clears
            h.processWatermark(T0 + 90_999);
            assertThat(h.extractOutputValues()).extracting(CanaryAlert::status)
                    .containsExactly(AlertStatus.ACTIVE, AlertStatus.CLEARED);
            List<GroupHeat> heat = h.getSideOutput(CanaryBinner.HEAT).stream().map(StreamRecord::getValue).toList();
            assertThat(heat.size()).isGreaterThan(heatBefore);
            assertThat(heat.get(heat.size() - 1).cool()).isTrue();
            // no alert active: no more timers, whatever the watermark does
            assertThat(h.numEventTimeTimers()).isZero();
            h.processWatermark(Long.MAX_VALUE);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aFinalWatermarkThatComesEarlyGivesWhatWatermarksSecondBySecondGive() throws Exception {
        List<List<?>> stepwise = run(false);
        List<List<?>> atOnce = run(true);
        assertThat(stepwise.get(0)).as("alerts").isNotEmpty();
        assertThat(atOnce).isEqualTo(stepwise);
    }

    /** An alert, then 30 silent seconds, then traffic again; the watermark second by second or only at the end. */
    private static List<List<?>> run(boolean onlyFinalWatermark) throws Exception {
        CanaryConfig config = CanaryConfig.defaults().with(null, 10, 1.25, List.of(2));
        CanaryBinner binner = new CanaryBinner(new CanaryComparison(config, OLD, NEW, false));
        try (KeyedOneInputStreamOperatorTestHarness<String, SecondCount, CanaryAlert> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(binner), c -> "k", Types.STRING)) {
            h.open();
            for (int s = 0; s < 100; s++) {
                if (s < 40 || s >= 70) {
                    h.processElement(count(s, OLD, 1, 20), T0 + s * 1000L + 999);
                    h.processElement(count(s, NEW, 1, 20), T0 + s * 1000L + 999);
                }
                if (s >= 10 && s < 40) {
                    h.processElement(count(s, NEW, 2, 3), T0 + s * 1000L + 999);
                }
                if (!onlyFinalWatermark) {
                    h.processWatermark(T0 + s * 1000L + 999);
                }
            }
            h.processWatermark(Long.MAX_VALUE);
            return List.of(h.extractOutputValues(),
                    h.getSideOutput(CanaryBinner.HEAT).stream().map(StreamRecord::getValue).toList(),
                    h.getSideOutput(CanaryBinner.CELLS).stream().map(StreamRecord::getValue).toList());
        }
    }
}
