package io.incidentdetector.source.otlp;

import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServiceNames;
import io.incidentdetector.event.ServicePair;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the spans of one OTLP request into service calls (see {@link OtlpConfig}). A call's time is its span's end
 * (spans are exported when they end, so end times arrive nearly in order), its latency end minus start, its status
 * the HTTP status code, else the gRPC status mapped to HTTP, else the span status (error 500, ok 200, unset 0).
 * Spans of other kinds, and CLIENT spans that name no callee, are counted and skipped. With
 * {@code otlp.callee-from-server-span}, a CLIENT span that names its callee by an IP address or not at all, and a
 * SERVER span that has a parent, are {@link SpanCall ends} that wait for their other end instead. Spans that cannot
 * be a call (no caller, no times, end before start, a name that is not a service name) are problems, reported per
 * message; so are spans whose end time the partition's {@link EventTimeGuard.Split} refuses. Spans beyond
 * {@code otlp.max-spans-per-message} are not read, only counted. With {@code otlp.split-by}, a call's destination
 * carries its span's operation ({@link CallOperation}).
 */
public final class SpanCalls implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final HexFormat HEX = HexFormat.of();
    private static final int PROBLEMS_LISTED = 5;

    private final OtlpConfig config;

    public SpanCalls(OtlpConfig config) {
        this.config = config;
    }

    /**
     * What one request gave: whole {@code calls} and the ends of calls {@code waiting} for their other end;
     * {@code refusedTimes} of the {@code problems} are spans refused for their time; {@code spans} were read,
     * {@code beyondCap} more were not.
     */
    public record Result(List<ServiceCallEvent> calls, List<SpanCall> waiting, int spans, int otherKinds,
            int withoutCallee, int problems, List<String> firstProblems, int refusedTimes, int beyondCap) {

        /** One line for a dead letter: how many spans were unusable, and the first reasons. */
        public String problemSummary() {
            return problems + " of " + spans + " spans could not be read as service calls (the other "
                    + (calls.size() + waiting.size()) + " were): " + String.join("; ", firstProblems)
                    + (problems > firstProblems.size() ? "; ..." : "");
        }

        /** One line for the dead letter of the spans beyond the cap. */
        public String beyondCapSummary(int maxSpans) {
            return String.format("%,d of the message's %,d spans were not read: otlp.max-spans-per-message is %,d"
                    + " (the first %,d were read). Fix: make the Collector send smaller batches (batch processor"
                    + " send_batch_max_size), or raise otlp.max-spans-per-message", beyondCap, spans + beyondCap,
                    maxSpans, spans);
        }
    }

    public Result map(ExportTraceServiceRequest request) {
        return map(request, null);
    }

    /** @param times the event-time split of the message's partition; null accepts every time */
    public Result map(ExportTraceServiceRequest request, EventTimeGuard.Split times) {
        List<ServiceCallEvent> calls = new ArrayList<>();
        List<SpanCall> waiting = new ArrayList<>();
        List<String> firstProblems = new ArrayList<>();
        int spans = 0;
        int otherKinds = 0;
        int withoutCallee = 0;
        int problems = 0;
        int refusedTimes = 0;
        int beyondCap = 0;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = string(resourceSpans.getResource().getAttributesList(), config.callerAttribute());
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    if (spans == config.maxSpansPerMessage()) {
                        beyondCap++;
                        continue;
                    }
                    spans++;
                    String caller;
                    String callee;
                    SpanCall.Role role = SpanCall.Role.CALL;
                    if (span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT) {
                        caller = service;
                        callee = callee(span);
                        if (callee == null) {
                            withoutCallee++;
                        }
                        if (config.calleeFromServerSpan() && (callee == null || isAddress(callee))) {
                            role = SpanCall.Role.CLIENT;
                        } else if (callee == null) {
                            continue;
                        }
                    } else if (span.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                            && (config.serverSpans() == OtlpConfig.ServerSpans.AS_CALLEE
                                    || config.calleeFromServerSpan() && hasParent(span))) {
                        caller = config.serverSpans() == OtlpConfig.ServerSpans.AS_CALLEE ? config.unknownCaller()
                                : null;
                        callee = service;
                        role = config.calleeFromServerSpan() && hasParent(span) ? SpanCall.Role.SERVER : role;
                    } else {
                        otherKinds++;
                        continue;
                    }
                    String problem = problem(span, role == SpanCall.Role.SERVER ? service : caller, callee);
                    if (problem == null && times != null) {
                        problem = times.refusal(span.getEndTimeUnixNano() / 1_000_000);
                        refusedTimes += problem == null ? 0 : 1;
                    }
                    if (problem != null) {
                        problems++;
                        if (firstProblems.size() < PROBLEMS_LISTED) {
                            firstProblems.add("span " + HEX.formatHex(span.getSpanId().toByteArray()) + " of trace "
                                    + HEX.formatHex(span.getTraceId().toByteArray()) + ": " + problem);
                        }
                        continue;
                    }
                    String destination = callee == null ? null
                            : ServicePair.withOperation(callee, CallOperation.of(span, config.splitBy()));
                    ServiceCallEvent call = new ServiceCallEvent(span.getEndTimeUnixNano() / 1_000_000, caller,
                            destination, (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e6,
                            status(span));
                    if (role == SpanCall.Role.CALL || caller != null && role == SpanCall.Role.SERVER) {
                        calls.add(call);
                    }
                    if (role != SpanCall.Role.CALL) {
                        String id = HEX.formatHex((role == SpanCall.Role.SERVER ? span.getParentSpanId()
                                : span.getSpanId()).toByteArray());
                        waiting.add(new SpanCall(role, HEX.formatHex(span.getTraceId().toByteArray()), id,
                                role == SpanCall.Role.SERVER ? new ServiceCallEvent(call.timestamp(), null,
                                        destination, call.latencyMs(), call.status()) : call));
                    }
                }
            }
        }
        return new Result(calls, waiting, spans, otherKinds, withoutCallee, problems, firstProblems, refusedTimes,
                beyondCap);
    }

    private String problem(Span span, String caller, String callee) {
        if (caller == null) {
            return "its resource has no string attribute '" + config.callerAttribute() + "' to name the caller";
        }
        String bad = ServiceNames.problem(caller);
        if (bad != null) {
            return "caller '" + Shown.value(caller) + "' is not a service name: it " + bad;
        }
        bad = callee == null ? null : ServiceNames.problem(callee);
        if (bad != null) {
            return "callee '" + Shown.value(callee) + "' is not a service name: it " + bad;
        }
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (start <= 0 || end <= 0) {
            return "it has no start or end time";
        }
        if (end < start) {
            return "it ends before it starts";
        }
        return null;
    }

    private String callee(Span span) {
        for (String attribute : config.calleeAttributes()) {
            String value = string(span.getAttributesList(), attribute);
            if (value != null && !value.isBlank()) {
                return config.shortHostNames() && OtlpConfig.HOST_ATTRIBUTES.contains(attribute)
                        ? shortHostName(value) : value;
            }
        }
        return null;
    }

    /** The first label of a DNS name; an IP address is kept whole. */
    static String shortHostName(String host) {
        if (host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return host;
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    /** An IPv4 or IPv6 address, perhaps with a port: {@code 10.244.1.94}, {@code [fe80::1]:8080}; not a name. */
    static boolean isAddress(String host) {
        return !host.isEmpty() && (host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
                || host.indexOf(':') >= 0 && host.chars().allMatch(c -> c == ':' || c == '.' || c == '[' || c == ']'
                        || Character.digit(c, 16) >= 0));
    }

    private static boolean hasParent(Span span) {
        for (byte b : span.getParentSpanId().toByteArray()) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    static int status(Span span) {
        Long http = integer(span.getAttributesList(), "http.response.status_code");
        if (http == null) {
            http = integer(span.getAttributesList(), "http.status_code");
        }
        if (http != null && http > 0 && http < 1000) {
            return http.intValue();
        }
        Long grpc = integer(span.getAttributesList(), "rpc.grpc.status_code");
        if (grpc != null) {
            return GrpcStatus.toHttp(grpc.intValue());
        }
        Status.StatusCode code = span.getStatus().getCode();
        return code == Status.StatusCode.STATUS_CODE_ERROR ? 500 : code == Status.StatusCode.STATUS_CODE_OK ? 200 : 0;
    }

    private static String string(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE
                        ? kv.getValue().getStringValue() : null;
            }
        }
        return null;
    }

    /** An integer attribute; instrumentations that write a status as a string are read too. */
    private static Long integer(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                AnyValue value = kv.getValue();
                if (value.getValueCase() == AnyValue.ValueCase.INT_VALUE) {
                    return value.getIntValue();
                }
                if (value.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
                    try {
                        return Long.parseLong(value.getStringValue().strip());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return null;
            }
        }
        return null;
    }
}
