package io.incidentdetector.testing;

import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** The keyed state entries an operator under test holds (what the keyed harnesses count, for the broadcast one). */
public final class KeyedStateEntries {

    private KeyedStateEntries() {}

    public static int of(AbstractStreamOperatorTestHarness<?> harness) {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        if (backend instanceof HeapKeyedStateBackend<?> heap) {
            return heap.numKeyValueStateEntries();
        }
        throw new IllegalStateException("the harness does not run on the heap backend: " + backend);
    }
}
