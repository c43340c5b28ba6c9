package io.incidentdetector.source.otlp;

import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServicePair;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the operations of a pair split by operation bounded: keyed by the plain pair ({@link #edgeOf}), the first
 * {@code otlp.max-operations-per-pair} distinct operations are kept apart, and a call of any further one is counted
 * under {@value OtlpConfig#OTHER_OPERATION} (metric {@code otlp-calls-beyond-operation-cap}; logged once per pair).
 * No call is dropped; calls of no operation pass as they are.
 */
public final class OperationCap extends KeyedProcessFunction<String, ServiceCallEvent, ServiceCallEvent> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OperationCap.class);

    private final int maxOperations;
    private transient MapState<String, Boolean> operations;
    /** How many operations are kept; one more once a call beyond the cap was logged. */
    private transient ValueState<Integer> kept;
    private transient Counter beyondCap;

    public OperationCap(int maxOperationsPerPair) {
        this.maxOperations = maxOperationsPerPair;
    }

    /** The key: the call's plain pair, {@code checkoutservice->cartservice}. */
    public static String edgeOf(ServiceCallEvent call) {
        return ServicePair.key(call.source(), CallOperation.service(call.destination()));
    }

    @Override
    public void open(OpenContext openContext) {
        operations = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("otlp-pair-operations", Types.STRING, Types.BOOLEAN));
        kept = getRuntimeContext().getState(new ValueStateDescriptor<>("otlp-pair-operations-kept", Types.INT));
        beyondCap = getRuntimeContext().getMetricGroup().counter("otlp-calls-beyond-operation-cap");
    }

    @Override
    public void processElement(ServiceCallEvent call, Context ctx, Collector<ServiceCallEvent> out) throws Exception {
        String operation = CallOperation.operation(call.destination());
        if (operation == null || operations.contains(operation)) {
            out.collect(call);
            return;
        }
        Integer n = kept.value();
        int count = n == null ? 0 : n;
        if (count < maxOperations) {
            operations.put(operation, true);
            kept.update(count + 1);
            out.collect(call);
            return;
        }
        beyondCap.inc();
        if (count == maxOperations) {
            kept.update(count + 1);
            LOG.warn("{} has more than otlp.max-operations-per-pair ({}) operations: calls of '{}' and any further"
                    + " operation are counted under '{}'. Fix: raise otlp.max-operations-per-pair, or split by an"
                    + " attribute with fewer values", ctx.getCurrentKey(), maxOperations, operation,
                    OtlpConfig.OTHER_OPERATION);
        }
        out.collect(new ServiceCallEvent(call.timestamp(), call.source(),
                ServicePair.withOperation(CallOperation.service(call.destination()), OtlpConfig.OTHER_OPERATION),
                call.latencyMs(), call.status()));
    }
}
