package io.incidentdetector.source.otlp;

import io.incidentdetector.event.ServiceCallEvent;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CalleeMatch}: a CLIENT span that names its callee by an IP address or not at all is matched with its SERVER
 * child, whichever comes first, within {@code otlp.match-within}; state and timers are gone once every end is matched
 * or expired. {@link MatchedCallTimes}: calls keep their CLIENT span's time, the watermark is held back.
 */
class CalleeMatchTest {

    private static final long T = 1_767_225_600_000L;
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private static KeyedOneInputStreamOperatorTestHarness<String, SpanCall, ServiceCallEvent> harness(int cap)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, SpanCall, ServiceCallEvent> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CalleeMatch(WITHIN, cap)),
                        SpanCall::traceId, Types.STRING);
        h.open();
        return h;
    }

    private static SpanCall client(String trace, String span, long t, String address) {
        return new SpanCall(SpanCall.Role.CLIENT, trace, span, new ServiceCallEvent(t, "checkoutservice", address,
                12.5, 200));
    }

    private static SpanCall server(String trace, String parent, long t, String service) {
        return new SpanCall(SpanCall.Role.SERVER, trace, parent, new ServiceCallEvent(t, null, service, 10.0, 200));
    }

    private static void add(KeyedOneInputStreamOperatorTestHarness<String, SpanCall, ServiceCallEvent> h,
            SpanCall end) throws Exception {
        h.processElement(end, end.call().timestamp());
    }

    private static void assertNothingLeft(KeyedOneInputStreamOperatorTestHarness<String, SpanCall, ServiceCallEvent> h) {
        assertThat(h.numKeyedStateEntries()).as("state entries").isZero();
        assertThat(h.numEventTimeTimers()).as("timers").isZero();
    }

    @Test
    void theServerChildNamesTheCalleeWhicheverComesFirst() throws Exception {
        try (var h = harness(100)) {
            add(h, client("t1", "c1", T + 100, "10.244.1.94"));
            add(h, server("t1", "c1", T + 99, "paymentservice"));
            add(h, server("t2", "c2", T + 200, "shippingservice"));
            add(h, client("t2", "c2", T + 201, null));
            add(h, client("t2", "c3", T + 300, "10.244.2.7"));
            add(h, server("t2", "other", T + 300, "emailservice"));
            assertThat(h.extractOutputValues()).containsExactly(
                    new ServiceCallEvent(T + 100, "checkoutservice", "paymentservice", 12.5, 200),
                    new ServiceCallEvent(T + 201, "checkoutservice", "shippingservice", 12.5, 200));

            h.processWatermark(new Watermark(T + 300 + WITHIN.toMillis() - 1));
            assertThat(h.extractOutputValues()).hasSize(2);
            h.processWatermark(new Watermark(T + 300 + WITHIN.toMillis()));
            assertThat(h.extractOutputValues()).as("the unmatched CLIENT span is the call to its address")
                    .endsWith(new ServiceCallEvent(T + 300, "checkoutservice", "10.244.2.7", 12.5, 200)).hasSize(3);
            assertNothingLeft(h);
        }
    }

    @Test
    void splitByOperationAMatchedCallTakesTheServerSpansOperationElseTheClientSpans() throws Exception {
        try (var h = harness(100)) {
            add(h, client("t1", "c1", T, "10.244.1.94->Charge"));
            add(h, server("t1", "c1", T, "paymentservice"));
            add(h, client("t2", "c2", T, "10.244.1.94->Charge"));
            add(h, server("t2", "c2", T, "paymentservice->/charge"));
            add(h, client("t3", "c3", T, null));
            add(h, server("t3", "c3", T, "paymentservice->/refund"));
            assertThat(h.extractOutputValues()).extracting(ServiceCallEvent::pair).containsExactly(
                    "checkoutservice->paymentservice->Charge", "checkoutservice->paymentservice->/charge",
                    "checkoutservice->paymentservice->/refund");
        }
    }

    @Test
    void anUnmatchedClientSpanThatNamesNoCalleeIsNoCallAndAServerSpanAloneIsDropped() throws Exception {
        try (var h = harness(100)) {
            add(h, client("t1", "c1", T, null));
            add(h, server("t1", "c9", T, "cartservice"));
            add(h, client("t1", "c2", T + 20_000, null));
            h.processWatermark(new Watermark(T + WITHIN.toMillis()));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numKeyedStateEntries()).as("c2 still waits").isPositive();
            add(h, server("t1", "c2", T + 19_999, "adservice"));
            assertThat(h.extractOutputValues()).containsExactly(
                    new ServiceCallEvent(T + 20_000, "checkoutservice", "adservice", 12.5, 200));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertNothingLeft(h);
        }
    }

    @Test
    void beyondTheCapAClientSpanIsUsedAsItIsAndAServerSpanDropped() throws Exception {
        try (var h = harness(2)) {
            add(h, client("t1", "c1", T, "10.0.0.1"));
            add(h, client("t1", "c2", T, "10.0.0.2"));
            add(h, client("t1", "c3", T, "10.0.0.3"));
            add(h, server("t1", "c4", T, "cartservice"));
            add(h, client("t1", "c4", T, "10.0.0.4"));
            assertThat(h.extractOutputValues()).extracting(ServiceCallEvent::destination)
                    .containsExactly("10.0.0.3", "10.0.0.4");
            add(h, server("t1", "c1", T, "cartservice"));
            add(h, client("t1", "c5", T, "10.0.0.5"));
            h.processWatermark(new Watermark(T + WITHIN.toMillis()));
            assertThat(h.extractOutputValues()).extracting(ServiceCallEvent::destination)
                    .startsWith("10.0.0.3", "10.0.0.4", "cartservice")
                    .containsExactlyInAnyOrder("10.0.0.3", "10.0.0.4", "cartservice", "10.0.0.2", "10.0.0.5");
            assertNothingLeft(h);
        }
    }

    @Test
    void stateSurvivesACheckpoint() throws Exception {
        var snapshot = harness(100);
        add(snapshot, client("t1", "c1", T, "10.0.0.1"));
        var state = snapshot.snapshot(1, 1);
        snapshot.close();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, SpanCall, ServiceCallEvent>(
                new KeyedProcessOperator<>(new CalleeMatch(WITHIN, 100)), SpanCall::traceId, Types.STRING)) {
            h.initializeState(state);
            h.open();
            add(h, server("t1", "c1", T - 1, "cartservice"));
            assertThat(h.extractOutputValues()).extracting(ServiceCallEvent::destination).containsExactly("cartservice");
            h.processWatermark(new Watermark(T + WITHIN.toMillis()));
            assertNothingLeft(h);
        }
    }

    @Test
    void matchedCallsKeepTheirClientTimeAndTheWatermarkIsHeldBackByMatchWithin() throws Exception {
        try (var h = new OneInputStreamOperatorTestHarness<>(new MatchedCallTimes(WITHIN))) {
            h.open();
            h.processWatermark(new Watermark(Long.MIN_VALUE));
            h.processElement(new StreamRecord<>(new ServiceCallEvent(T, "a", "b", 1, 200), T + 5_000));
            h.processWatermark(new Watermark(T + 5_000));
            h.processWatermark(new Watermark(Long.MAX_VALUE));
            assertThat(h.getOutput()).containsExactly(
                    new StreamRecord<>(new ServiceCallEvent(T, "a", "b", 1, 200), T),
                    new Watermark(T + 5_000 - WITHIN.toMillis()),
                    new Watermark(Long.MAX_VALUE));
        }
    }
}
