package io.incidentdetector.source.otlp;

import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ServiceCallEvent;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * OTLP messages made by the OpenTelemetry Java SDK itself: spans recorded by its tracer, encoded by the marshaler
 * its OTLP exporters use, as protobuf ({@code otlp_proto}) or OTLP/JSON ({@code otlp_json}).
 */
public final class OtlpTestMessages implements AutoCloseable {

    private final List<SpanData> finished = new ArrayList<>();
    private final Map<String, SdkTracerProvider> providers = new LinkedHashMap<>();

    /** A span of {@code service} with the given kind and times; {@code attributes} are set before it starts. */
    public void span(String service, SpanKind kind, long startNanos, long endNanos, Consumer<SpanBuilder> attributes) {
        span(service, kind, startNanos, endNanos, attributes, span -> {});
    }

    /** As above; {@code beforeEnd} may set the span's status. */
    public void span(String service, SpanKind kind, long startNanos, long endNanos, Consumer<SpanBuilder> attributes,
            Consumer<Span> beforeEnd) {
        SpanBuilder builder = providers.computeIfAbsent(service, this::provider).get("test")
                .spanBuilder("call").setSpanKind(kind).setStartTimestamp(startNanos, TimeUnit.NANOSECONDS);
        attributes.accept(builder);
        Span span = builder.startSpan();
        beforeEnd.accept(span);
        span.end(endNanos, TimeUnit.NANOSECONDS);
    }

    /** The CLIENT span of one call, as an instrumented caller records it: peer.service and the HTTP status. */
    public void clientSpan(ServiceCallEvent call) {
        long end = call.timestamp() * 1_000_000L;
        long start = end - Math.round(call.latencyMs() * 1e6);
        span(call.source(), SpanKind.CLIENT, start, end, b -> {
            b.setAttribute("peer.service", call.destination());
            if (call.status() > 0) {
                b.setAttribute("http.response.status_code", (long) call.status());
            }
        });
    }

    /**
     * One call as a caller and its callee's instrumentations record it: the caller's CLIENT span, its attributes set
     * by {@code client}, and the callee's SERVER span, its child (the same trace, its parent the CLIENT span), inside
     * the CLIENT span's time.
     */
    public void callWithServerSpan(ServiceCallEvent call, Consumer<SpanBuilder> client) {
        callWithServerSpan(call, client, server -> {});
    }

    /** As above; {@code server} sets the SERVER span's attributes. */
    public void callWithServerSpan(ServiceCallEvent call, Consumer<SpanBuilder> client, Consumer<SpanBuilder> server) {
        long end = call.timestamp() * 1_000_000L;
        long start = end - Math.round(call.latencyMs() * 1e6);
        SpanBuilder builder = providers.computeIfAbsent(call.source(), this::provider).get("test")
                .spanBuilder("call").setSpanKind(SpanKind.CLIENT).setStartTimestamp(start, TimeUnit.NANOSECONDS);
        client.accept(builder);
        if (call.status() > 0) {
            builder.setAttribute("http.response.status_code", (long) call.status());
        }
        Span clientSpan = builder.startSpan();
        long margin = (end - start) / 10;
        SpanBuilder serverBuilder = providers.computeIfAbsent(call.destination(), this::provider).get("test")
                .spanBuilder("serve").setSpanKind(SpanKind.SERVER).setParent(Context.root().with(clientSpan))
                .setStartTimestamp(start + margin, TimeUnit.NANOSECONDS);
        server.accept(serverBuilder);
        Span serverSpan = serverBuilder.startSpan();
        serverSpan.end(end - margin, TimeUnit.NANOSECONDS);
        clientSpan.end(end, TimeUnit.NANOSECONDS);
    }

    /** The spans recorded since the last call. */
    public List<SpanData> drain() {
        synchronized (finished) {
            List<SpanData> spans = new ArrayList<>(finished);
            finished.clear();
            return spans;
        }
    }

    public static byte[] proto(Collection<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] json(Collection<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeJsonTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * What the job's deserializer makes of one Kafka message (topic {@code otlp_spans}, partition 0, offset 42), each
     * record's call (whole, or an end that waits for the other end).
     */
    public static List<ParsedRecord<ServiceCallEvent>> deserialize(OtlpConfig config, byte[] value) {
        return deserialize(new OtlpSpansDeserializer(config), value, 0);
    }

    /** What {@code deserializer} makes of {@code value} read from {@code partition} of the spans topic. */
    public static List<ParsedRecord<ServiceCallEvent>> deserialize(OtlpSpansDeserializer deserializer, byte[] value,
            int partition) {
        return spanCalls(deserializer, value, partition).stream().map(r -> new ParsedRecord<>(r.topic(),
                r.partition(), r.offset(), r.value() == null ? null : r.value().call(), r.error(), r.original()))
                .toList();
    }

    /** The deserializer's records as they are. */
    public static List<ParsedRecord<SpanCall>> spanCalls(OtlpSpansDeserializer deserializer, byte[] value,
            int partition) {
        List<ParsedRecord<SpanCall>> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("otlp_spans", partition, 42, null, value), new Collector<>() {
            @Override
            public void collect(ParsedRecord<SpanCall> record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    private SdkTracerProvider provider(String service) {
        return SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting()))
                .build();
    }

    @Override
    public void close() {
        providers.values().forEach(SdkTracerProvider::close);
    }

    private final class Collecting implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            synchronized (finished) {
                finished.addAll(spans);
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
