package io.incidentdetector.config;

import io.incidentdetector.event.ServiceNames;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.apache.flink.configuration.MemorySize;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How OpenTelemetry spans (the Collector's Kafka exporter, topics {@code kafka.topics.otlp-spans}) become service
 * calls. A CLIENT span is one call: its caller is the resource's {@code callerAttribute}, its callee the first of
 * {@code calleeAttributes} the span carries.
 *
 * @param encoding         {@code auto} (told apart by the first byte), {@code proto} ({@code otlp_proto}, the
 *                         exporter's default) or {@code json} ({@code otlp_json})
 * @param callerAttribute  resource attribute that names the calling service
 * @param calleeAttributes span attributes that name the called service, first present wins
 * @param shortHostNames   a callee read from a host-name attribute ({@code server.address}, {@code net.peer.name})
 *                         keeps its first label only: {@code cartservice.shop.svc.cluster.local} is {@code cartservice}
 * @param serverSpans      {@code ignore} (the same call is its caller's CLIENT span) or {@code as-callee}: the
 *                         resource's service is the callee, the caller is {@code unknownCaller}
 * @param unknownCaller    caller of calls read from SERVER spans
 * @param outOfOrderness   how far span end times may run out of order in a partition: SDKs export in batches (every
 *                         5 s by default) and a Collector merges many of them
 * @param maxSpansPerMessage spans read from one message; the rest of a longer one is refused (one dead letter)
 * @param maxMessageBytes  the largest message read; a larger one is refused whole (a dead letter), not decoded
 * @param calleeFromServerSpan a CLIENT span that names its callee by an IP address or not at all takes its callee
 *                         from its SERVER child span (same trace, the child's parent span id): the child's
 *                         {@code callerAttribute}
 * @param matchWithin      how long, in event time after a span's end, its CLIENT or SERVER half waits for the other;
 *                         the calls past the matching are this much behind the source's watermark
 * @param maxWaitingSpansPerTrace spans of one trace that wait for their other half at once; a CLIENT span beyond it
 *                         is used as it is, a SERVER span beyond it is dropped (both counted)
 * @param splitBy          {@code none}, or the span attribute whose value splits a pair into one pair per operation,
 *                         judged on its own: {@code rpc.method} or {@code http.route}; a span without it keeps the
 *                         plain pair
 * @param maxOperationsPerPair operations of one pair kept apart; the calls of any further operation are counted
 *                         under {@value #OTHER_OPERATION}
 */
public record OtlpConfig(
        Encoding encoding,
        String callerAttribute,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> calleeAttributes,
        Boolean shortHostNames,
        ServerSpans serverSpans,
        String unknownCaller,
        java.time.Duration outOfOrderness,
        Integer maxSpansPerMessage,
        MemorySize maxMessageBytes,
        Boolean calleeFromServerSpan,
        java.time.Duration matchWithin,
        Integer maxWaitingSpansPerTrace,
        SplitBy splitBy,
        Integer maxOperationsPerPair) implements Serializable {

    /** The operation of the calls beyond {@code otlp.max-operations-per-pair}. */
    public static final String OTHER_OPERATION = "other";

    /** The attributes that name a host, not a service: shortened by {@code short-host-names}. */
    public static final List<String> HOST_ATTRIBUTES = List.of("server.address", "net.peer.name", "net.host.name",
            "http.host");

    public OtlpConfig {
        encoding = encoding == null ? Encoding.AUTO : encoding;
        callerAttribute = callerAttribute == null ? "service.name" : callerAttribute;
        calleeAttributes = calleeAttributes == null
                ? new ArrayList<>(List.of("service.peer.name", "peer.service", "server.address", "net.peer.name"))
                : new ArrayList<>(calleeAttributes);
        shortHostNames = shortHostNames == null || shortHostNames;
        serverSpans = serverSpans == null ? ServerSpans.IGNORE : serverSpans;
        unknownCaller = unknownCaller == null ? "unknown" : unknownCaller;
        outOfOrderness = outOfOrderness == null ? java.time.Duration.ofSeconds(10) : outOfOrderness;
        maxSpansPerMessage = maxSpansPerMessage == null ? 50_000 : maxSpansPerMessage;
        maxMessageBytes = maxMessageBytes == null ? MemorySize.parse("4mb") : maxMessageBytes;
        calleeFromServerSpan = calleeFromServerSpan == null || calleeFromServerSpan;
        matchWithin = matchWithin == null ? java.time.Duration.ofSeconds(10) : matchWithin;
        maxWaitingSpansPerTrace = maxWaitingSpansPerTrace == null ? 1_000 : maxWaitingSpansPerTrace;
        splitBy = splitBy == null ? SplitBy.NONE : splitBy;
        maxOperationsPerPair = maxOperationsPerPair == null ? 20 : maxOperationsPerPair;
    }

    public static OtlpConfig defaults() {
        return new OtlpConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    void check(Problems p) {
        p.notBlank("otlp.caller-attribute", callerAttribute,
                "use service.name, the resource attribute every SDK sets");
        if (calleeAttributes.isEmpty()) {
            p.add("otlp.callee-attributes is empty, so no CLIENT span would name the service it calls. Fix: use"
                    + " [service.peer.name, peer.service, server.address, net.peer.name]");
        }
        for (int i = 0; i < calleeAttributes.size(); i++) {
            p.notBlank("otlp.callee-attributes[" + i + "]", calleeAttributes.get(i),
                    "name a span attribute such as peer.service");
        }
        p.notNegative("otlp.out-of-orderness", outOfOrderness, "use e.g. 10s");
        String problem = ServiceNames.problem(unknownCaller);
        if (problem != null) {
            p.add("otlp.unknown-caller is not a service name: it " + problem + ". Fix: use unknown");
        }
        if (maxSpansPerMessage < 1) {
            p.add("otlp.max-spans-per-message must be at least 1 (got " + maxSpansPerMessage + "). Fix: use e.g. 50000");
        }
        if (maxMessageBytes.getBytes() < 1024) {
            p.add("otlp.max-message-bytes must be at least 1kb (got " + maxMessageBytes
                    + "). Fix: use e.g. 4mb, above the Collector exporter's producer.max_message_bytes");
        }
        p.positive("otlp.match-within", matchWithin, "10s, above the SDKs' export interval (5s by default)");
        if (maxWaitingSpansPerTrace < 1) {
            p.add("otlp.max-waiting-spans-per-trace must be at least 1 (got " + maxWaitingSpansPerTrace
                    + "). Fix: use e.g. 1000");
        }
        if (maxOperationsPerPair < 1) {
            p.add("otlp.max-operations-per-pair must be at least 1 (got " + maxOperationsPerPair
                    + "). Fix: use e.g. 20");
        }
    }

    /** Whether calls are split by operation. */
    public boolean splitsPairs() {
        return splitBy != SplitBy.NONE;
    }

    /** How the Collector's Kafka exporter encoded its messages. */
    public enum Encoding implements Choice {
        AUTO, PROTO, JSON;

        @Override
        public String toString() {
            return key();
        }
    }

    /** The span attribute that splits a pair by operation, written as the attribute: {@code rpc.method}. */
    public enum SplitBy implements Choice {
        NONE(null), RPC_METHOD("rpc.method"), HTTP_ROUTE("http.route");

        private final String attribute;

        SplitBy(String attribute) {
            this.attribute = attribute;
        }

        /** The span attribute read; null for {@code none}. */
        public String attribute() {
            return attribute;
        }

        @Override
        public String key() {
            return attribute == null ? "none" : attribute;
        }

        @Override
        public String toString() {
            return key();
        }
    }

    /** What a SERVER span becomes. */
    public enum ServerSpans implements Choice {
        IGNORE, AS_CALLEE;

        @Override
        public String toString() {
            return key();
        }
    }
}
