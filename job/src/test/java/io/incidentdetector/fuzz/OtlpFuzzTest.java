package io.incidentdetector.fuzz;

import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.source.otlp.OtlpSpansDeserializer;
import io.incidentdetector.source.otlp.SpanCall;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

import static io.incidentdetector.fuzz.Generator.weight;

/**
 * Kafka messages of OTLP spans, protobuf and OTLP/JSON, read as the job reads them ({@link OtlpSpansDeserializer},
 * {@code encoding: auto}). Per message, either exactly one failed record carrying the message's bytes and a reason
 * (not OTLP at all), or its calls, each valid by the product's rules, followed by at most one failed record that
 * says how many of its spans could not be calls and why; a request without spans gives nothing.
 */
class OtlpFuzzTest {

    static final Pattern SPAN_PROBLEMS = Pattern.compile("\\d+ of \\d+ spans could not be read as service calls");

    static final long T0 = 1_767_225_600_000_000_000L;
    static final long EARLIEST_MS = 946_684_800_000L; // 2000-01-01

    /** The job's event-time guard, against a wall clock a day after the generated spans' base time. */
    static final long WALL_CLOCK_MS = T0 / 1_000_000L + 86_400_000L;

    private final OtlpSpansDeserializer deserializer = new OtlpSpansDeserializer(OtlpConfig.defaults(),
            new EventTimeGuard(EventTimeGuard.Limits.defaults(), () -> WALL_CLOCK_MS));

    @Test
    void protobufMessages(TestInfo test) {
        expectOutcomes(Fuzz.forAll(test, protobuf(), this::check));
    }

    @Test
    void jsonMessages(TestInfo test) {
        expectOutcomes(Fuzz.forAll(test, json(), this::check));
    }

    private static void expectOutcomes(Outcomes outcomes) {
        // few generated messages have every span within the event-time guard's limits
        outcomes.expectAtLeast("calls", 0.5).expectAtLeast("some spans refused", 5).expectAtLeast("refused", 20);
    }

    private void check(byte[] message, Outcomes outcomes) throws IOException {
        List<ParsedRecord<SpanCall>> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("otlp-spans", 0, 3, null, message), collector(out));
        if (out.isEmpty()) {
            outcomes.add("no spans"); // a request without spans (protobuf ignores fields it does not know)
            return;
        }
        ParsedRecord<SpanCall> first = out.get(0);
        if (!first.isValid() && first.original() != null) {
            outcomes.add("refused");
            ProductRules.check(out.size() == 1, "a refused message gave more than one record", out);
            ProductRules.reason(first.error());
            ProductRules.check(first.original() == message, "the refused message's bytes not kept", first);
            return;
        }
        int failed = 0;
        for (int i = 0; i < out.size(); i++) {
            ParsedRecord<SpanCall> record = out.get(i);
            if (record.isValid()) {
                ProductRules.check(failed == 0, "a call after the message's dead letter", record);
                ServiceCallEvent call = record.value().call();
                if (!record.value().waits()) {
                    ProductRules.callNamesAndLatency(call);
                }
                long t = call.timestamp();
                ProductRules.check(t >= EARLIEST_MS && t <= WALL_CLOCK_MS + EventTimeGuard.Limits.defaults().maxAhead()
                        .toMillis(), "a call whose time the event-time guard should have refused", call);
            } else {
                failed++;
                ProductRules.reason(record.error());
                ProductRules.check(SPAN_PROBLEMS.matcher(record.error()).lookingAt(),
                        "a span dead letter that does not say how many", record.error());
            }
        }
        ProductRules.check(failed <= 1, "more than one dead letter for one message", out);
        outcomes.add(failed == 1 ? "some spans refused" : "calls");
    }

    private static Collector<ParsedRecord<SpanCall>> collector(List<ParsedRecord<SpanCall>> out) {
        return new Collector<>() {
            @Override
            public void collect(ParsedRecord<SpanCall> record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }

    /** Valid messages, hostile requests, mutated bytes, random wire data, random bytes. */
    static Generator<byte[]> protobuf() {
        return Generator.frequencyOf(
                weight(2, ValidRecords::otlpMessage),
                weight(6, r -> hostileRequest(r).toByteArray()),
                weight(3, r -> Hostile.mutate(r, ValidRecords.otlpMessage(r))),
                weight(3, OtlpFuzzTest::randomWireFormat),
                weight(1, Hostile::bytes));
    }

    /** OTLP/JSON requests (half of them with hostile values), mutated, JSON that is no request, '{' and bytes. */
    static Generator<byte[]> json() {
        return Generator.frequencyOf(
                weight(8, r -> Hostile.utf8(OtlpJsonText.request(r))),
                weight(3, r -> Hostile.mutate(r, Hostile.utf8(OtlpJsonText.request(r)))),
                weight(1, r -> Hostile.utf8(Hostile.notARecord(r))),
                weight(1, r -> Hostile.splice(Hostile.bytes(r), 0, 0, new byte[] {'{'})));
    }

    // ---- hostile protobuf ------------------------------------------------------------------------------------------


    /** Extreme span times in ns: 0, 1970, epoch seconds and ms taken for ns, 2090, the unsigned top (negative). */
    static long nanos(RandomGenerator r) {
        return switch (r.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 1_767_225_600L;
            case 3 -> 1_767_225_600_000L;
            case 4 -> 3_786_912_000_000_000_000L; // 2090
            case 5 -> Long.MAX_VALUE;
            case 6 -> -1;
            case 7 -> Long.MIN_VALUE;
            case 8 -> r.nextLong();
            case 9 -> 946_684_799_999_999_999L; // just before 2000
            default -> T0 + r.nextInt(1_000_000) * 1_000_000L;
        };
    }

    static AnyValue anyValue(RandomGenerator r, int depth) {
        AnyValue.Builder v = AnyValue.newBuilder();
        switch (r.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> v.setStringValue(Hostile.name(r));
            case 1 -> v.setIntValue(r.nextBoolean() ? r.nextLong() : r.nextInt(1000) - 100);
            case 2 -> v.setDoubleValue(Hostile.pick(r, List.of(Double.NaN, Double.POSITIVE_INFINITY, -1.0, 200.0,
                    1e300)));
            case 3 -> v.setBoolValue(r.nextBoolean());
            case 4 -> v.setBytesValue(ByteString.copyFrom(Hostile.randomBytes(r, 16)));
            case 5 -> { } // no value at all
            case 6 -> v.setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder()
                    .addValues(anyValue(r, depth + 1)).addValues(anyValue(r, depth + 1)));
            default -> v.setKvlistValue(KeyValueList.newBuilder().addValues(attribute(r, depth + 1)));
        }
        return v.build();
    }

    static final List<String> KEYS = List.of("peer.service", "server.address", "net.peer.name", "service.name",
            "http.response.status_code", "http.status_code", "rpc.grpc.status_code", "other");

    static KeyValue attribute(RandomGenerator r, int depth) {
        String key = r.nextInt(10) == 0 ? Hostile.anyText(r, 10) : Hostile.pick(r, KEYS);
        return KeyValue.newBuilder().setKey(key).setValue(anyValue(r, depth)).build();
    }

    static ExportTraceServiceRequest hostileRequest(RandomGenerator r) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int i = r.nextInt(3); i >= 0; i--) {
            Resource.Builder resource = Resource.newBuilder();
            if (r.nextInt(5) > 0) {
                resource.addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(r.nextInt(5) > 0
                        ? AnyValue.newBuilder().setStringValue(Hostile.name(r)).build() : anyValue(r, 0)));
            }
            for (int a = r.nextInt(3); a > 0; a--) {
                resource.addAttributes(attribute(r, 0));
            }
            ScopeSpans.Builder scope = ScopeSpans.newBuilder();
            for (int s = r.nextInt(6); s > 0; s--) {
                long end = nanos(r);
                long start = r.nextInt(3) > 0 ? end - r.nextInt(1_000_000_000) : nanos(r);
                Span.Builder span = Span.newBuilder()
                        .setTraceId(ByteString.copyFrom(Hostile.randomBytes(r, 20)))
                        .setSpanId(ByteString.copyFrom(Hostile.randomBytes(r, 10)))
                        .setKindValue(r.nextInt(4) > 0 ? Span.SpanKind.SPAN_KIND_CLIENT_VALUE : r.nextInt(8) - 1)
                        .setStartTimeUnixNano(start)
                        .setEndTimeUnixNano(end)
                        .setStatus(Status.newBuilder().setCodeValue(r.nextInt(5) - 1));
                if (r.nextInt(4) > 0) {
                    span.addAttributes(KeyValue.newBuilder().setKey(Hostile.pick(r, KEYS.subList(0, 3)))
                            .setValue(AnyValue.newBuilder().setStringValue(Hostile.name(r))));
                }
                for (int a = r.nextInt(4); a > 0; a--) {
                    span.addAttributes(attribute(r, 0));
                }
                scope.addSpans(span);
            }
            request.addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope));
        }
        return request.build();
    }

    /**
     * Protobuf wire data with random field numbers, wire types and lengths, alone or inside a valid message's
     * resource spans, so that the reader meets them at every level.
     */
    static byte[] randomWireFormat(RandomGenerator r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            for (int i = 1 + r.nextInt(6); i > 0; i--) {
                int field = r.nextInt(4) == 0 ? 1 + r.nextInt(536_870_911) : 1 + r.nextInt(20);
                int wireType = r.nextInt(8);
                out.writeUInt32NoTag((field << 3) | wireType);
                switch (wireType) {
                    case 0 -> out.writeUInt64NoTag(r.nextLong());
                    case 1 -> out.writeFixed64NoTag(r.nextLong());
                    case 2 -> {
                        byte[] payload = r.nextBoolean() ? ValidRecords.otlpMessage(r) : Hostile.randomBytes(r, 40);
                        int length = switch (r.nextInt(4)) {
                            case 0 -> payload.length + 1 + r.nextInt(1000);
                            case 1 -> Integer.MAX_VALUE - r.nextInt(10);
                            case 2 -> -1 - r.nextInt(10);
                            default -> payload.length;
                        };
                        out.writeUInt32NoTag(length);
                        out.writeRawBytes(payload);
                    }
                    case 5 -> out.writeFixed32NoTag(r.nextInt());
                    default -> out.writeRawBytes(Hostile.randomBytes(r, 8));
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] wire = bytes.toByteArray();
        if (r.nextBoolean()) {
            return wire;
        }
        // as the content of a resource span (field 1), or of its first scope span, of a valid message
        byte[] valid = ValidRecords.otlpMessage(r);
        return Hostile.splice(valid, Math.min(valid.length, 2 + r.nextInt(4)), 0, wire);
    }
}
