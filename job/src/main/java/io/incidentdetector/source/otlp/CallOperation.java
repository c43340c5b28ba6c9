package io.incidentdetector.source.otlp;

import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.event.ServicePair;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * The operation a span's call is counted under with {@code otlp.split-by}: the value of its {@code rpc.method} or
 * {@code http.route} attribute. A call carries it in its destination, {@code cartservice->GetCart}, so its pair is
 * {@code checkoutservice->cartservice->GetCart} ({@link ServicePair}). A value that is blank or not printable names
 * no operation (the plain pair); a long one is cut to {@value #MAX_LENGTH} characters.
 */
final class CallOperation {

    static final int MAX_LENGTH = 100;

    private CallOperation() {}

    /** The span's operation, or null when {@code splitBy} is none or the span has none. */
    static String of(Span span, OtlpConfig.SplitBy splitBy) {
        if (splitBy.attribute() == null) {
            return null;
        }
        for (KeyValue kv : span.getAttributesList()) {
            if (kv.getKey().equals(splitBy.attribute())) {
                return kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE
                        ? clean(kv.getValue().getStringValue()) : null;
            }
        }
        return null;
    }

    static String clean(String value) {
        String operation = value.strip();
        if (operation.isEmpty() || operation.chars().anyMatch(c -> Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT || Character.isSurrogate((char) c))) {
            return null;
        }
        return operation.length() > MAX_LENGTH ? operation.substring(0, MAX_LENGTH) : operation;
    }

    /** The service of a destination that may carry an operation. */
    static String service(String destination) {
        int arrow = destination == null ? -1 : destination.indexOf(ServicePair.ARROW);
        return arrow < 0 ? destination : destination.substring(0, arrow);
    }

    /** The operation a destination carries, or null. */
    static String operation(String destination) {
        int arrow = destination == null ? -1 : destination.indexOf(ServicePair.ARROW);
        return arrow < 0 ? null : destination.substring(arrow + ServicePair.ARROW.length());
    }
}
