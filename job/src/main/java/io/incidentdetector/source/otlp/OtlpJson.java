package io.incidentdetector.source.otlp;

import io.incidentdetector.connectors.file.InvalidRecordException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import static io.incidentdetector.source.otlp.OtlpJsonFields.array;
import static io.incidentdetector.source.otlp.OtlpJsonFields.enumValue;
import static io.incidentdetector.source.otlp.OtlpJsonFields.field;
import static io.incidentdetector.source.otlp.OtlpJsonFields.id;
import static io.incidentdetector.source.otlp.OtlpJsonFields.int64;
import static io.incidentdetector.source.otlp.OtlpJsonFields.kind;
import static io.incidentdetector.source.otlp.OtlpJsonFields.number;
import static io.incidentdetector.source.otlp.OtlpJsonFields.object;
import static io.incidentdetector.source.otlp.OtlpJsonFields.text;
import static io.incidentdetector.source.otlp.OtlpJsonFields.uint64;

import java.io.IOException;
import java.util.Base64;

/**
 * Reads an OTLP/JSON {@code ExportTraceServiceRequest} (the Collector's {@code otlp_json} encoding) into the
 * protobuf classes, by OTLP's own JSON rules, which differ from protobuf's canonical JSON mapping and so rule out
 * protobuf's {@code JsonFormat}: trace and span ids are hex, not base64; enums are integers (names are accepted
 * too); 64-bit integers are strings or numbers; field names are lowerCamelCase (the proto names are accepted
 * too); unknown fields are ignored. Only what the span mapping uses is read: resource attributes, and each span's
 * ids, name, kind, times, attributes and status.
 */
public final class OtlpJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OtlpJson() {}

    public static ExportTraceServiceRequest read(byte[] json) throws InvalidRecordException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("not OTLP/JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRecordException("not OTLP/JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRecordException("not OTLP/JSON: the message is not a JSON object");
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        JsonNode resourceSpans = array(root, "resourceSpans", "resource_spans", "");
        for (int r = 0; r < resourceSpans.size(); r++) {
            request.addResourceSpans(resourceSpans(resourceSpans.get(r), "resourceSpans[" + r + "]"));
        }
        return request.build();
    }

    private static ResourceSpans resourceSpans(JsonNode node, String path) throws InvalidRecordException {
        object(node, path);
        ResourceSpans.Builder out = ResourceSpans.newBuilder();
        JsonNode resource = node.get("resource");
        if (resource != null && !resource.isNull()) {
            object(resource, path + ".resource");
            Resource.Builder r = Resource.newBuilder();
            JsonNode attributes = array(resource, "attributes", "attributes", path + ".resource");
            for (int i = 0; i < attributes.size(); i++) {
                r.addAttributes(keyValue(attributes.get(i), path + ".resource.attributes[" + i + "]"));
            }
            out.setResource(r);
        }
        JsonNode scopes = field(node, "scopeSpans", "scope_spans");
        if (scopes == null) {
            scopes = field(node, "instrumentationLibrarySpans", "instrumentation_library_spans");
        }
        if (scopes != null && !scopes.isNull()) {
            if (!scopes.isArray()) {
                throw new InvalidRecordException(path + ".scopeSpans must be an array, got " + kind(scopes));
            }
            for (int s = 0; s < scopes.size(); s++) {
                String scopePath = path + ".scopeSpans[" + s + "]";
                object(scopes.get(s), scopePath);
                ScopeSpans.Builder scope = ScopeSpans.newBuilder();
                JsonNode spans = array(scopes.get(s), "spans", "spans", scopePath);
                for (int i = 0; i < spans.size(); i++) {
                    scope.addSpans(span(spans.get(i), scopePath + ".spans[" + i + "]"));
                }
                out.addScopeSpans(scope);
            }
        }
        return out.build();
    }

    private static Span span(JsonNode node, String path) throws InvalidRecordException {
        object(node, path);
        Span.Builder span = Span.newBuilder()
                .setTraceId(id(field(node, "traceId", "trace_id"), 16, path + ".traceId"))
                .setSpanId(id(field(node, "spanId", "span_id"), 8, path + ".spanId"))
                .setParentSpanId(id(field(node, "parentSpanId", "parent_span_id"), 8, path + ".parentSpanId"))
                .setStartTimeUnixNano(uint64(field(node, "startTimeUnixNano", "start_time_unix_nano"),
                        path + ".startTimeUnixNano"))
                .setEndTimeUnixNano(uint64(field(node, "endTimeUnixNano", "end_time_unix_nano"),
                        path + ".endTimeUnixNano"));
        JsonNode name = node.get("name");
        if (name != null && !name.isNull()) {
            span.setName(text(name, path + ".name"));
        }
        span.setKindValue(enumValue(node.get("kind"), "SPAN_KIND_", Span.SpanKind.class, path + ".kind"));
        JsonNode attributes = array(node, "attributes", "attributes", path);
        for (int i = 0; i < attributes.size(); i++) {
            span.addAttributes(keyValue(attributes.get(i), path + ".attributes[" + i + "]"));
        }
        JsonNode status = node.get("status");
        if (status != null && !status.isNull()) {
            object(status, path + ".status");
            Status.Builder s = Status.newBuilder()
                    .setCodeValue(enumValue(status.get("code"), "STATUS_CODE_", Status.StatusCode.class,
                            path + ".status.code"));
            JsonNode message = status.get("message");
            if (message != null && !message.isNull()) {
                s.setMessage(text(message, path + ".status.message"));
            }
            span.setStatus(s);
        }
        return span.build();
    }

    private static KeyValue keyValue(JsonNode node, String path) throws InvalidRecordException {
        object(node, path);
        JsonNode key = node.get("key");
        if (key == null || !key.isTextual()) {
            throw new InvalidRecordException(path + ".key must be a string, got " + kind(key));
        }
        KeyValue.Builder kv = KeyValue.newBuilder().setKey(key.asText());
        JsonNode value = node.get("value");
        if (value != null && !value.isNull()) {
            kv.setValue(anyValue(value, path + ".value"));
        }
        return kv.build();
    }

    private static AnyValue anyValue(JsonNode node, String path) throws InvalidRecordException {
        object(node, path);
        JsonNode v;
        if ((v = field(node, "stringValue", "string_value")) != null) {
            return AnyValue.newBuilder().setStringValue(text(v, path + ".stringValue")).build();
        }
        if ((v = field(node, "intValue", "int_value")) != null) {
            return AnyValue.newBuilder().setIntValue(int64(v, path + ".intValue")).build();
        }
        if ((v = field(node, "boolValue", "bool_value")) != null) {
            if (!v.isBoolean()) {
                throw new InvalidRecordException(path + ".boolValue must be true or false, got " + kind(v));
            }
            return AnyValue.newBuilder().setBoolValue(v.booleanValue()).build();
        }
        if ((v = field(node, "doubleValue", "double_value")) != null) {
            return AnyValue.newBuilder().setDoubleValue(number(v, path + ".doubleValue")).build();
        }
        if ((v = field(node, "arrayValue", "array_value")) != null) {
            object(v, path + ".arrayValue");
            ArrayValue.Builder array = ArrayValue.newBuilder();
            JsonNode values = array(v, "values", "values", path + ".arrayValue");
            for (int i = 0; i < values.size(); i++) {
                array.addValues(anyValue(values.get(i), path + ".arrayValue.values[" + i + "]"));
            }
            return AnyValue.newBuilder().setArrayValue(array).build();
        }
        if ((v = field(node, "kvlistValue", "kvlist_value")) != null) {
            object(v, path + ".kvlistValue");
            KeyValueList.Builder list = KeyValueList.newBuilder();
            JsonNode values = array(v, "values", "values", path + ".kvlistValue");
            for (int i = 0; i < values.size(); i++) {
                list.addValues(keyValue(values.get(i), path + ".kvlistValue.values[" + i + "]"));
            }
            return AnyValue.newBuilder().setKvlistValue(list).build();
        }
        if ((v = field(node, "bytesValue", "bytes_value")) != null) {
            try {
                return AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(
                        Base64.getDecoder().decode(text(v, path + ".bytesValue")))).build();
            } catch (IllegalArgumentException e) {
                throw new InvalidRecordException(path + ".bytesValue must be base64: " + e.getMessage());
            }
        }
        return AnyValue.getDefaultInstance();
    }
}
