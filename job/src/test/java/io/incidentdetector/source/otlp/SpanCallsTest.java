package io.incidentdetector.source.otlp;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ServiceCallEvent;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spans recorded and encoded by the OpenTelemetry Java SDK, read back in both encodings. */
class SpanCallsTest {

    private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z in ns
    private static final long MS = 1_000_000L;

    private final OtlpTestMessages sdk = new OtlpTestMessages();

    @Test
    void clientSpansBecomeCallsTheSameFromProtobufAndJson() throws Exception {
        sdk.span("frontend", SpanKind.CLIENT, T0, T0 + 12 * MS + 500_000, b -> b
                .setAttribute("peer.service", "cartservice").setAttribute("http.response.status_code", 503L));
        sdk.span("frontend", SpanKind.CLIENT, T0 + 5 * MS, T0 + 9 * MS, b -> b
                .setAttribute("server.address", "productcatalogservice.shop.svc.cluster.local")
                .setAttribute("rpc.grpc.status_code", 14L));
        sdk.span("checkoutservice", SpanKind.CLIENT, T0 + 7 * MS, T0 + 30 * MS, b -> b
                .setAttribute("net.peer.name", "paymentservice").setAttribute("http.status_code", 200L));
        sdk.span("checkoutservice", SpanKind.CLIENT, T0, T0 + 3 * MS, b -> b.setAttribute("server.address", "10.0.3.7"));
        List<SpanData> spans = sdk.drain();

        List<ServiceCallEvent> fromProto = calls(OtlpMessages.decode(OtlpTestMessages.proto(spans),
                OtlpConfig.Encoding.AUTO));
        List<ServiceCallEvent> fromJson = calls(OtlpMessages.decode(OtlpTestMessages.json(spans),
                OtlpConfig.Encoding.AUTO));

        assertThat(fromProto).containsExactlyInAnyOrder(
                new ServiceCallEvent(1_767_225_600_012L, "frontend", "cartservice", 12.5, 503),
                new ServiceCallEvent(1_767_225_600_009L, "frontend", "productcatalogservice", 4.0, 503),
                new ServiceCallEvent(1_767_225_600_030L, "checkoutservice", "paymentservice", 23.0, 200),
                new ServiceCallEvent(1_767_225_600_003L, "checkoutservice", "10.0.3.7", 3.0, 0));
        assertThat(fromJson).containsExactlyInAnyOrderElementsOf(fromProto);
    }

    @Test
    void jsonKeepsTheSpansIdsAndTimesExactly() throws Exception {
        sdk.span("frontend", SpanKind.CLIENT, T0 + 1, T0 + 123_456_789_012L, b -> b.setAttribute("peer.service", "ad"));
        List<SpanData> spans = sdk.drain();
        ExportTraceServiceRequest proto = OtlpMessages.decode(OtlpTestMessages.proto(spans), OtlpConfig.Encoding.PROTO);
        ExportTraceServiceRequest json = OtlpMessages.decode(OtlpTestMessages.json(spans), OtlpConfig.Encoding.JSON);
        var p = proto.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        var j = json.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(j.getTraceId()).isEqualTo(p.getTraceId());
        assertThat(j.getSpanId()).isEqualTo(p.getSpanId());
        assertThat(j.getStartTimeUnixNano()).isEqualTo(T0 + 1);
        assertThat(j.getEndTimeUnixNano()).isEqualTo(p.getEndTimeUnixNano());
        assertThat(j.getKind()).isEqualTo(p.getKind());
        assertThat(j.getAttributesList()).isEqualTo(p.getAttributesList());
        assertThat(json.getResourceSpans(0).getResource().getAttributesList())
                .isEqualTo(proto.getResourceSpans(0).getResource().getAttributesList());
    }

    @Test
    void serverAndInternalSpansAreSkippedUnlessServerSpansAreCallees() throws Exception {
        sdk.span("cartservice", SpanKind.SERVER, T0, T0 + 4 * MS, b -> {}, s -> s.setStatus(StatusCode.ERROR));
        sdk.span("cartservice", SpanKind.INTERNAL, T0, T0 + 1 * MS, b -> {});
        sdk.span("cartservice", SpanKind.PRODUCER, T0, T0 + 1 * MS, b -> b.setAttribute("peer.service", "kafka"));
        sdk.span("cartservice", SpanKind.CLIENT, T0, T0 + 1 * MS, b -> {});
        byte[] message = OtlpTestMessages.proto(sdk.drain());

        SpanCalls.Result ignored = new SpanCalls(OtlpConfig.defaults())
                .map(OtlpMessages.decode(message, OtlpConfig.Encoding.AUTO));
        assertThat(ignored.calls()).isEmpty();
        assertThat(ignored.spans()).isEqualTo(4);
        assertThat(ignored.otherKinds()).isEqualTo(3);
        assertThat(ignored.withoutCallee()).isEqualTo(1);
        assertThat(ignored.problems()).isZero();

        OtlpConfig asCallee = new OtlpConfig(null, null, null, null, OtlpConfig.ServerSpans.AS_CALLEE, "edge", null,
                null, null, null, null, null, null, null);
        SpanCalls.Result used = new SpanCalls(asCallee).map(OtlpMessages.decode(message, OtlpConfig.Encoding.AUTO));
        assertThat(used.calls()).containsExactly(new ServiceCallEvent(1_767_225_600_004L, "edge", "cartservice", 4.0, 500));
    }

    @Test
    void theMappingIsConfigurable() throws Exception {
        sdk.span("frontend", SpanKind.CLIENT, T0, T0 + 2 * MS, b -> b
                .setAttribute("peer.service", "cart").setAttribute("server.address", "cartservice.prod.svc"));
        byte[] message = OtlpTestMessages.json(sdk.drain());
        OtlpConfig hostFirst = new OtlpConfig(null, null, List.of("server.address"), false, null, null, null, null,
                null, null, null, null, null, null);
        assertThat(new SpanCalls(hostFirst).map(OtlpMessages.decode(message, OtlpConfig.Encoding.AUTO)).calls())
                .extracting(ServiceCallEvent::destination).containsExactly("cartservice.prod.svc");
        assertThat(calls(OtlpMessages.decode(message, OtlpConfig.Encoding.AUTO)))
                .extracting(ServiceCallEvent::destination).containsExactly("cart");
    }

    @Test
    void oneMessageOfThousandsOfSpansGivesEveryCall() throws Exception {
        Random random = new Random(7);
        String[] callees = {"cartservice", "currencyservice", "adservice", "shippingservice"};
        for (int i = 0; i < 5_000; i++) {
            long start = T0 + i * 3 * MS;
            long end = start + (long) (random.nextDouble() * 80 * MS) + 1;
            String callee = callees[i % callees.length];
            sdk.span(i % 3 == 0 ? "checkoutservice" : "frontend", SpanKind.CLIENT, start, end,
                    b -> b.setAttribute("peer.service", callee));
        }
        List<SpanData> spans = sdk.drain();
        List<ServiceCallEvent> proto = calls(OtlpMessages.decode(OtlpTestMessages.proto(spans), OtlpConfig.Encoding.AUTO));
        List<ServiceCallEvent> json = calls(OtlpMessages.decode(OtlpTestMessages.json(spans), OtlpConfig.Encoding.AUTO));
        assertThat(proto).hasSize(5_000);
        assertThat(json).containsExactlyInAnyOrderElementsOf(proto);
        assertThat(proto).allSatisfy(c -> assertThat(c.latencyMs()).isGreaterThan(0).isLessThanOrEqualTo(80.000001));
    }

    @Test
    void otlpJsonRulesAreFollowed() throws Exception {
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"frontend"}}]},
                 "scopeSpans":[{"scope":{"name":"x"},"spans":[
                  {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","kind":3,
                   "startTimeUnixNano":1767225600000000000,"endTimeUnixNano":"1767225600020000000",
                   "attributes":[{"key":"peer.service","value":{"stringValue":"cartservice"}},
                                 {"key":"http.response.status_code","value":{"intValue":"404"}}],
                   "status":{"code":"STATUS_CODE_ERROR"},"events":[{"name":"ignored"}]},
                  {"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b175","kind":"SPAN_KIND_CLIENT",
                   "start_time_unix_nano":"1767225600000000000","end_time_unix_nano":1767225600001000000,
                   "attributes":[{"key":"peer.service","value":{"stringValue":"adservice"}}],"status":{"code":2}}
                 ]}]}]}""";
        assertThat(calls(OtlpJson.read(json.getBytes(StandardCharsets.UTF_8)))).containsExactly(
                new ServiceCallEvent(1_767_225_600_020L, "frontend", "cartservice", 20.0, 404),
                new ServiceCallEvent(1_767_225_600_001L, "frontend", "adservice", 1.0, 500));
    }

    @Test
    void badMessagesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> OtlpMessages.decode(new byte[] {0x0a, 0x7f, 0x01}, OtlpConfig.Encoding.AUTO))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("not an OTLP ExportTraceServiceRequest");
        assertThatThrownBy(() -> OtlpMessages.decode(utf8("{\"resourceSpans\":"), OtlpConfig.Encoding.AUTO))
                .isInstanceOf(InvalidRecordException.class).hasMessageStartingWith("not OTLP/JSON");
        assertThatThrownBy(() -> OtlpMessages.decode(utf8("{\"resourceSpans\":{}}"), OtlpConfig.Encoding.AUTO))
                .hasMessage("resourceSpans must be an array, got object {}");
        assertThatThrownBy(() -> OtlpJson.read(utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}")))
                .hasMessage("resourceSpans[0].scopeSpans[0].spans[0].traceId must be 32 hex digits, got 'xyz'");
        assertThatThrownBy(() -> OtlpJson.read(utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}")))
                .hasMessageContaining("spans[0].startTimeUnixNano must be a 64-bit integer");
        assertThatThrownBy(() -> OtlpJson.read(utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_NONE\"}]}]}]}")))
                .hasMessageContaining("spans[0].kind must be an integer");
        // JSON configured, protobuf sent
        assertThatThrownBy(() -> OtlpMessages.decode(new byte[] {0x0a, 0x00}, OtlpConfig.Encoding.JSON))
                .hasMessageStartingWith("not OTLP/JSON");
    }

    @Test
    void unusableSpansAreOneDeadLetterAndTheOtherSpansAreUsed() {
        sdk.span("frontend", SpanKind.CLIENT, T0, T0 + 2 * MS, b -> b.setAttribute("peer.service", "cartservice"));
        sdk.span("frontend", SpanKind.CLIENT, T0, T0 + 2 * MS, b -> b.setAttribute("peer.service", "a->b"));
        sdk.span("frontend", SpanKind.CLIENT, T0 + 5 * MS, T0 + 2 * MS, b -> b.setAttribute("peer.service", "adservice"));
        byte[] message = OtlpTestMessages.proto(sdk.drain());
        List<ParsedRecord<ServiceCallEvent>> out = deserialize(message);
        assertThat(out).filteredOn(ParsedRecord::isValid).extracting(r -> r.value().destination())
                .containsExactly("cartservice");
        assertThat(out).filteredOn(r -> !r.isValid()).singleElement().satisfies(r -> {
            assertThat(r.error()).startsWith("2 of 3 spans could not be read as service calls (the other 1 were)")
                    .contains("callee 'a->b' is not a service name").contains("it ends before it starts");
            assertThat(r.offset()).isEqualTo(42);
        });

        List<ParsedRecord<ServiceCallEvent>> garbage = deserialize(utf8("hello"));
        assertThat(garbage).singleElement().satisfies(r -> {
            assertThat(r.isValid()).isFalse();
            assertThat(r.original()).isEqualTo(utf8("hello"));
        });
        assertThat(deserialize(null)).singleElement().satisfies(r -> assertThat(r.error()).contains("value is null"));
    }

    @Test
    void binaryMessagesAreNotShownAsText() {
        assertThat(OtlpMessages.isBinary(OtlpTestMessages.proto(List.of()))).isFalse(); // empty request: no bytes
        sdk.span("frontend", SpanKind.CLIENT, T0, T0 + 2 * MS, b -> b.setAttribute("peer.service", "cartservice"));
        List<SpanData> spans = sdk.drain();
        assertThat(OtlpMessages.isBinary(OtlpTestMessages.proto(spans))).isTrue();
        assertThat(OtlpMessages.isBinary(OtlpTestMessages.json(spans))).isFalse();
    }

    @Test
    void spansWhoseTimeTheGuardRefusesJoinTheMessagesOneDeadLetter() throws Exception {
        long now = java.time.Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
        OtlpSpansDeserializer deserializer = new OtlpSpansDeserializer(OtlpConfig.defaults(),
                new EventTimeGuard(EventTimeGuard.Limits.defaults(), () -> now));
        sdk.span("frontend", SpanKind.CLIENT, T0, T0 + 5 * MS, b -> b.setAttribute("peer.service", "cartservice"));
        List<ParsedRecord<ServiceCallEvent>> first =
                OtlpTestMessages.deserialize(deserializer, OtlpTestMessages.proto(sdk.drain()), 0);
        assertThat(first).singleElement().satisfies(r -> assertThat(r.isValid()).isTrue());

        long year2090 = java.time.Instant.parse("2090-01-01T00:00:00Z").toEpochMilli() * MS;
        long dayAhead = T0 + 86_400_000L * MS;
        sdk.span("frontend", SpanKind.CLIENT, T0 + 10 * MS, T0 + 20 * MS, b -> b.setAttribute("peer.service", "ad"));
        sdk.span("frontend", SpanKind.CLIENT, year2090 - MS, year2090, b -> b.setAttribute("peer.service", "ad"));
        sdk.span("frontend", SpanKind.CLIENT, 1, 1_000_000_000L, b -> b.setAttribute("peer.service", "ad"));
        sdk.span("frontend", SpanKind.CLIENT, dayAhead - MS, dayAhead, b -> b.setAttribute("peer.service", "ad"));
        List<ParsedRecord<ServiceCallEvent>> second =
                OtlpTestMessages.deserialize(deserializer, OtlpTestMessages.proto(sdk.drain()), 0);
        assertThat(second).filteredOn(ParsedRecord::isValid).extracting(ParsedRecord::value)
                .containsExactly(new ServiceCallEvent(1_767_225_600_020L, "frontend", "ad", 10.0, 0));
        assertThat(second).filteredOn(r -> !r.isValid()).singleElement().satisfies(r -> {
            assertThat(r.error()).startsWith("3 of 4 spans could not be read as service calls (the other 1 were)")
                    .contains(": event time 2090-01-01T00:00:00Z is ahead of the wall clock")
                    .contains(": event time 1970-01-01T00:00:01Z is outside the plausible range")
                    .contains(": event time 2026-01-02T00:00:00Z is ahead of its source's progress");
            assertThat(r.original()).isNull();
        });
        sdk.span("frontend", SpanKind.CLIENT, dayAhead - MS, dayAhead, b -> b.setAttribute("peer.service", "ad"));
        assertThat(OtlpTestMessages.deserialize(deserializer, OtlpTestMessages.proto(sdk.drain()), 1))
                .as("another partition")
                .singleElement().satisfies(r -> assertThat(r.isValid()).isTrue());
    }

    @Test
    void servicePeerNameIsReadFirst() throws Exception {
        sdk.span("frontend", SpanKind.CLIENT, T0, T0 + 2 * MS, b -> b.setAttribute("peer.service", "cart")
                .setAttribute("service.peer.name", "cartservice").setAttribute("server.address", "10.0.0.1"));
        assertThat(calls(OtlpMessages.decode(OtlpTestMessages.proto(sdk.drain()), OtlpConfig.Encoding.AUTO)))
                .extracting(ServiceCallEvent::destination).containsExactly("cartservice");
    }

    @Test
    void aClientSpanNamedByAnAddressOrNotAtAllAndAServerChildWaitForEachOther() throws Exception {
        ServiceCallEvent call = new ServiceCallEvent(1_767_225_600_050L, "checkoutservice", "paymentservice", 20.0, 200);
        sdk.callWithServerSpan(call, b -> b.setAttribute("server.address", "10.244.1.94"));
        sdk.callWithServerSpan(call, b -> {});
        sdk.span("paymentservice", SpanKind.SERVER, T0, T0 + MS, b -> {}); // a root: no CLIENT parent
        List<SpanData> spans = sdk.drain();
        ExportTraceServiceRequest request = OtlpMessages.decode(OtlpTestMessages.proto(spans), OtlpConfig.Encoding.AUTO);

        SpanCalls.Result matching = new SpanCalls(OtlpConfig.defaults()).map(request);
        assertThat(matching.calls()).isEmpty();
        assertThat(matching.otherKinds()).isEqualTo(1);
        assertThat(matching.withoutCallee()).isEqualTo(1);
        assertThat(matching.waiting()).hasSize(4).allSatisfy(end -> {
            SpanData client = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT
                    && s.getTraceId().equals(end.traceId())).findFirst().orElseThrow();
            assertThat(end.spanId()).isEqualTo(client.getSpanId());
        });
        assertThat(matching.waiting()).filteredOn(end -> end.role() == SpanCall.Role.CLIENT).extracting(SpanCall::call)
                .containsExactlyInAnyOrder(new ServiceCallEvent(call.timestamp(), "checkoutservice", "10.244.1.94",
                        20.0, 200), new ServiceCallEvent(call.timestamp(), "checkoutservice", null, 20.0, 200));
        assertThat(matching.waiting()).filteredOn(end -> end.role() == SpanCall.Role.SERVER).extracting(SpanCall::call)
                .containsOnly(new ServiceCallEvent(call.timestamp() - 2, null, "paymentservice", 16.0, 0));

        OtlpConfig off = ConfigLoader.parse("otlp:\n  callee-from-server-span: false\n", "test").otlp();
        SpanCalls.Result asBefore = new SpanCalls(off).map(request);
        assertThat(asBefore.waiting()).isEmpty();
        assertThat(asBefore.calls()).extracting(ServiceCallEvent::destination).containsExactly("10.244.1.94");
        assertThat(asBefore.otherKinds()).isEqualTo(3);
    }

    @Test
    void addressesAreToldFromNames() {
        assertThat(List.of("10.244.1.94", "10.244.1.94:8080", "fe80::1", "[fe80::1]:443"))
                .allMatch(SpanCalls::isAddress);
        assertThat(List.of("cartservice", "cartservice:8080", "cart.shop.svc", "", "10-0-0-1.pod"))
                .noneMatch(SpanCalls::isAddress);
    }

    @Test
    void shortHostNamesKeepAddresses() {
        assertThat(SpanCalls.shortHostName("cartservice.shop.svc.cluster.local")).isEqualTo("cartservice");
        assertThat(SpanCalls.shortHostName("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(SpanCalls.shortHostName("fe80::1")).isEqualTo("fe80::1");
        assertThat(SpanCalls.shortHostName("redis")).isEqualTo("redis");
    }

    private static List<ParsedRecord<ServiceCallEvent>> deserialize(byte[] value) {
        return OtlpTestMessages.deserialize(OtlpConfig.defaults(), value);
    }

    @Test
    void splitByOperationACallsDestinationCarriesItsSpansMethodOrRoute() throws Exception {
        sdk.span("checkoutservice", SpanKind.CLIENT, T0, T0 + 4 * MS, b -> b.setAttribute("peer.service", "cartservice")
                .setAttribute("rpc.method", "GetCart").setAttribute("http.route", "/cart/{id}"));
        sdk.span("checkoutservice", SpanKind.CLIENT, T0, T0 + 5 * MS, b -> b.setAttribute("peer.service", "cartservice")
                .setAttribute("rpc.method", "  "));
        sdk.span("checkoutservice", SpanKind.CLIENT, T0, T0 + 6 * MS, b -> b.setAttribute("peer.service", "cartservice")
                .setAttribute("rpc.method", "x".repeat(300)));
        sdk.span("checkoutservice", SpanKind.CLIENT, T0, T0 + 7 * MS, b -> b.setAttribute("peer.service", "cartservice"));
        sdk.span("checkoutservice", SpanKind.CLIENT, T0, T0 + 8 * MS, b -> b.setAttribute("server.address", "10.0.3.7")
                .setAttribute("rpc.method", "Charge"));
        sdk.callWithServerSpan(new ServiceCallEvent(1_767_225_600_020L, "checkoutservice", "cartservice", 10.0, 0),
                b -> b.setAttribute("server.address", "10.0.3.8"), b -> b.setAttribute("http.route", "/cart/{id}"));
        ExportTraceServiceRequest request = OtlpMessages.decode(OtlpTestMessages.proto(sdk.drain()),
                OtlpConfig.Encoding.AUTO);

        SpanCalls.Result byMethod = new SpanCalls(ConfigLoader.parse("otlp:\n  split-by: rpc.method\n", "test")
                .otlp()).map(request);
        assertThat(byMethod.calls()).extracting(ServiceCallEvent::pair).containsExactlyInAnyOrder(
                "checkoutservice->cartservice->GetCart", "checkoutservice->cartservice",
                "checkoutservice->cartservice->" + "x".repeat(CallOperation.MAX_LENGTH), "checkoutservice->cartservice");
        assertThat(byMethod.waiting()).extracting(end -> end.call().destination())
                .containsExactlyInAnyOrder("10.0.3.7->Charge", "cartservice", "10.0.3.8");

        SpanCalls.Result byRoute = new SpanCalls(ConfigLoader.parse("otlp:\n  split-by: http.route\n", "test")
                .otlp()).map(request);
        assertThat(byRoute.calls()).extracting(ServiceCallEvent::pair).containsExactlyInAnyOrder(
                "checkoutservice->cartservice->/cart/{id}", "checkoutservice->cartservice",
                "checkoutservice->cartservice", "checkoutservice->cartservice");
        assertThat(byRoute.waiting()).extracting(end -> end.call().destination())
                .containsExactlyInAnyOrder("10.0.3.7", "cartservice->/cart/{id}", "10.0.3.8");

        SpanCalls.Result plain = new SpanCalls(OtlpConfig.defaults()).map(request);
        assertThat(plain.calls()).extracting(ServiceCallEvent::pair).containsOnly("checkoutservice->cartservice");
        assertThat(plain.waiting()).extracting(end -> end.call().destination())
                .containsExactlyInAnyOrder("10.0.3.7", "cartservice", "10.0.3.8");
    }

    private static List<ServiceCallEvent> calls(ExportTraceServiceRequest request) {
        SpanCalls.Result result = new SpanCalls(OtlpConfig.defaults()).map(request);
        assertThat(result.problems()).as("problems: %s", result.firstProblems()).isZero();
        List<ServiceCallEvent> calls = new java.util.ArrayList<>(result.calls());
        result.waiting().forEach(end -> calls.add(end.call()));
        return calls;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aProtobufMessageWhoseSecondByteIsABraceIsStillProtobuf() throws Exception {
        // a first ResourceSpans of exactly 123 bytes: the message starts 0x0A 0x7B, a newline and '{'
        io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest request = null;
        for (int pad = 0; pad < 120; pad++) {
            request = io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(resourceSpans("frontend" + "x".repeat(pad))).build();
            if (request.getResourceSpans(0).getSerializedSize() >= 123) {
                break;
            }
        }
        assertThat(request.getResourceSpans(0).getSerializedSize()).as("the size was hit exactly").isEqualTo(123);
        byte[] message = request.toByteArray();
        assertThat(message[0]).isEqualTo((byte) 0x0A);
        assertThat(message[1]).isEqualTo((byte) '{');
        assertThat(calls(OtlpMessages.decode(message, OtlpConfig.Encoding.AUTO))).singleElement()
                .satisfies(c -> assertThat(c.destination()).isEqualTo("cartservice"));
    }

    private static io.opentelemetry.proto.trace.v1.ResourceSpans resourceSpans(String service) {
        return io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder().addAttributes(kv("service.name",
                        service)))
                .addScopeSpans(io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder().addSpans(
                        io.opentelemetry.proto.trace.v1.Span.newBuilder()
                                .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CLIENT)
                                .setStartTimeUnixNano(T0).setEndTimeUnixNano(T0 + 2 * MS)
                                .addAttributes(kv("peer.service", "cartservice"))))
                .build();
    }

    private static io.opentelemetry.proto.common.v1.KeyValue kv(String key, String value) {
        return io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey(key)
                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(value)).build();
    }
}
