package io.incidentdetector.incident;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.GROUP;
import static io.incidentdetector.TestEvents.PAYMENT;
import static io.incidentdetector.TestEvents.heat;
import static io.incidentdetector.TestEvents.ts;
import static io.incidentdetector.TestEvents.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;

class IncidentLifecycleTest {

    private static HeatSignal hot(int window, Severity severity, String... subjects) {
        return new HeatSignal(GROUP, HeatSignal.Kind.SUSTAINED_HEAT, windowEnd(window - 1), windowEnd(window), severity,
                12, List.of(subjects), List.of(heat(CART, window, 12).evidence()));
    }

    private static HeatSignal cool(int window) {
        return new HeatSignal(GROUP, HeatSignal.Kind.COOLED_DOWN, windowEnd(window - 2), windowEnd(window), null, 1,
                List.of(), List.of());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HeatSignal, Incident> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new IncidentLifecycle(IncidentKind.LATENCY, java.time.Duration.ofMillis(
                        io.incidentdetector.TestEvents.WINDOW_MS))), HeatSignal::group, Types.STRING);
    }

    @Test
    void oneIdentityPerEpisodeOpenEscalateResolveAndNothingInBetween() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(cool(3), ts(3));          // nothing open: ignored
            h.processElement(hot(5, Severity.SEV2, CART), ts(5));
            h.processElement(hot(7, Severity.SEV2, CART), ts(7));      // same again: silent
            h.processElement(hot(9, Severity.SEV1, CART, PAYMENT), ts(9));
            h.processElement(hot(11, Severity.SEV2, CART), ts(11));    // no downgrade, no line
            h.processElement(cool(14), ts(14));
            h.processWatermark(ts(14));

            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status)
                    .containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATED, IncidentStatus.RESOLVED);
            assertThat(out).extracting(Incident::severity).containsExactly(Severity.SEV2, Severity.SEV1, Severity.SEV1);
            assertThat(out).extracting(Incident::id).containsOnly("latency-checkout-path-" + windowEnd(5).getEpochSecond());
            assertThat(out.get(0).subjects()).containsExactly(CART);
            assertThat(out.get(1).subjects()).containsExactly(PAYMENT, CART);
            assertThat(out.get(1).summary()).contains("escalated SEV2 -> SEV1");
            assertThat(out.get(2).resolvedAt()).isEqualTo(windowEnd(14));
            assertThat(out.get(2).openedAt()).isEqualTo(windowEnd(5));
            assertThat(out.get(0).resolvedAt()).isNull();

            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void signalsAreAppliedInEventTimeOrderNotArrivalOrder() throws Exception {
        try (var h = harness()) {
            h.open();
            // the cool-down operator delivers its signal before the heat operator's earlier one
            h.processElement(cool(12), ts(12));
            h.processElement(hot(5, Severity.SEV2, CART), ts(5));
            h.processElement(hot(20, Severity.SEV2, PAYMENT), ts(20));
            h.processWatermark(ts(20));

            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status)
                    .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED, IncidentStatus.OPEN);
            assertThat(out.get(2).id()).isNotEqualTo(out.get(0).id());
            assertThat(out.get(2).subjects()).containsExactly(PAYMENT);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(2); // the second episode is open: it and its last heat
        }
    }

    @Test
    void aNewHotPairAtTheSameSeverityIsAnUpdate() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(hot(5, Severity.SEV2, CART), ts(5));
            h.processElement(hot(7, Severity.SEV2, PAYMENT), ts(7));
            h.processWatermark(ts(7));
            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status).containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATED);
            assertThat(out.get(1).summary()).isEqualTo("new subject " + PAYMENT);
            assertThat(out.get(1).subjects()).containsExactly(PAYMENT, CART);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isEqualTo(2); // the open incident and its last heat, no pending signals
        }
    }

    @Test
    void heatThatResumesAfterAPartialCoolDownUpdatesTheOpenIncident() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(hot(5, Severity.SEV2, CART), ts(5));
            h.processElement(hot(7, Severity.SEV2, CART), ts(7));   // follows on: silent
            // windows 8-10 not hot (no match), not cool long enough to resolve; the heat is back from window 11
            h.processElement(new HeatSignal(GROUP, HeatSignal.Kind.SUSTAINED_HEAT, windowEnd(11), windowEnd(12),
                    Severity.SEV2, 14, List.of(CART), List.of()), ts(12));
            h.processWatermark(ts(12));
            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status).containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATED);
            assertThat(out.get(1).id()).isEqualTo(out.get(0).id());
            assertThat(out.get(1).summary()).startsWith("hot again since " + windowEnd(11));
        }
    }
}
