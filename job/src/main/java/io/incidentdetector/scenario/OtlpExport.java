package io.incidentdetector.scenario;

import io.incidentdetector.event.ServiceCallEvent;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Service calls as an OpenTelemetry Collector would export them to Kafka ({@code otlp_proto}): one
 * {@code ExportTraceServiceRequest}, one resource per calling service, a CLIENT span per call that names its callee
 * in {@code peer.service}, ends at the call's time and lasts its latency. For trying the OTLP input with the
 * built-in scenarios ({@code produce --otlp}) and for benchmarks.
 */
public final class OtlpExport {

    private OtlpExport() {}

    /** @param firstId a number unique to the message, so that span ids differ between messages */
    public static byte[] message(List<ServiceCallEvent> calls, long firstId) {
        Map<String, ScopeSpans.Builder> byCaller = new LinkedHashMap<>();
        long id = firstId;
        for (ServiceCallEvent call : calls) {
            long end = call.timestamp() * 1_000_000L;
            Span.Builder span = Span.newBuilder()
                    .setTraceId(bytes(16, ++id))
                    .setSpanId(bytes(8, id))
                    .setName(call.destination())
                    .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(end - Math.round(call.latencyMs() * 1e6))
                    .setEndTimeUnixNano(end)
                    .addAttributes(text("peer.service", call.destination()));
            if (call.status() > 0) {
                span.addAttributes(KeyValue.newBuilder().setKey("http.response.status_code")
                        .setValue(AnyValue.newBuilder().setIntValue(call.status())));
            }
            byCaller.computeIfAbsent(call.source(), k -> ScopeSpans.newBuilder()).addSpans(span);
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byCaller.forEach((caller, spans) -> request.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", caller)))
                .addScopeSpans(spans)));
        return request.build().toByteArray();
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString bytes(int length, long value) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.putLong(length - 8, value == 0 ? 1 : value);
        return ByteString.copyFrom(buffer.array());
    }
}
