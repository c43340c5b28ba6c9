package io.incidentdetector.source.otlp;

import io.incidentdetector.event.ServiceCallEvent;

/**
 * A service call read from a span: whole ({@link Role#CALL}), or one end of it that waits for the other, matched by
 * trace id and span id ({@link CalleeMatch}).
 *
 * @param role    what the span gave
 * @param traceId the span's trace, hex; null for a whole call
 * @param spanId  a CLIENT span's own id, a SERVER span's parent id, hex; null for a whole call
 * @param call    a whole call; for a CLIENT end, its call with the callee it names by an IP address, or null; for a
 *                SERVER end, a call of its service (the callee) by no caller (null), at the span's end
 */
public record SpanCall(Role role, String traceId, String spanId, ServiceCallEvent call) {

    /** What a span gave: a call, or a CLIENT or SERVER end of one. */
    public enum Role { CALL, CLIENT, SERVER }

    public static SpanCall whole(ServiceCallEvent call) {
        return new SpanCall(Role.CALL, null, null, call);
    }

    public boolean waits() {
        return role != Role.CALL;
    }
}
