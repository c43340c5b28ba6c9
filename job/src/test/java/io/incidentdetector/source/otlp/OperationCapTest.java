package io.incidentdetector.source.otlp;

import io.incidentdetector.event.ServiceCallEvent;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OperationCap}: per pair, the first operations are kept apart and the calls of any further one are counted
 * under {@code other}; none is dropped, and the state stays bounded whatever the number of operations.
 */
class OperationCapTest {

    private static final long T = 1_767_225_600_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, ServiceCallEvent, ServiceCallEvent> harness(int cap)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new OperationCap(cap)),
                OperationCap::edgeOf, Types.STRING);
        h.open();
        return h;
    }

    private static ServiceCallEvent call(String caller, String destination, int i) {
        return new ServiceCallEvent(T + i, caller, destination, 10.0 + i, 200);
    }

    private static List<String> keptOperations(
            KeyedOneInputStreamOperatorTestHarness<String, ServiceCallEvent, ServiceCallEvent> h, String pair)
            throws Exception {
        KeyedStateBackend<Object> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(pair);
        MapState<String, Boolean> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>("otlp-pair-operations", Types.STRING,
                        Types.BOOLEAN));
        List<String> kept = new ArrayList<>();
        state.keys().forEach(kept::add);
        return kept;
    }

    @Test
    void theFirstOperationsOfEachPairAreKeptAndTheRestCountedUnderOther() throws Exception {
        try (var h = harness(2)) {
            List<ServiceCallEvent> in = List.of(
                    call("checkout", "cart->GetCart", 0),
                    call("checkout", "cart->AddItem", 1),
                    call("checkout", "cart->EmptyCart", 2),
                    call("checkout", "cart->GetCart", 3),
                    call("checkout", "cart", 4),
                    call("frontend", "cart->EmptyCart", 5),
                    call("checkout", "cart->Other2", 6));
            for (ServiceCallEvent c : in) {
                h.processElement(c, c.timestamp());
            }
            assertThat(h.extractOutputValues()).extracting(ServiceCallEvent::pair).containsExactly(
                    "checkout->cart->GetCart", "checkout->cart->AddItem", "checkout->cart->other",
                    "checkout->cart->GetCart", "checkout->cart", "frontend->cart->EmptyCart", "checkout->cart->other");
            assertThat(h.extractOutputValues()).extracting(ServiceCallEvent::latencyMs)
                    .as("every call passes, with its figures").containsExactlyElementsOf(
                            in.stream().map(ServiceCallEvent::latencyMs).toList());
            assertThat(h.extractOutputStreamRecords()).extracting(r -> r.getTimestamp())
                    .as("and its time").containsExactlyElementsOf(in.stream().map(ServiceCallEvent::timestamp).toList());
        }
    }

    @Test
    void thousandsOfOperationsKeepTheStateOfOnePairBounded() throws Exception {
        try (var h = harness(20)) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                ServiceCallEvent c = call("frontend", "api->/item/" + i, i);
                h.processElement(c, c.timestamp());
            }
            h.extractOutputValues().forEach(c -> pairs.add(c.pair()));
            assertThat(pairs).hasSize(5_000);
            assertThat(pairs.stream().distinct()).hasSize(21).contains("frontend->api->other");
            assertThat(pairs.stream().filter(p -> p.endsWith("->other"))).hasSize(5_000 - 20);
            assertThat(keptOperations(h, "frontend->api")).hasSize(20).contains("/item/0", "/item/19");
        }
    }
}
