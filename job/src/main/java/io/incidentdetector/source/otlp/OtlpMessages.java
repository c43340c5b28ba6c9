package io.incidentdetector.source.otlp;

import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.connectors.file.InvalidRecordException;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * One Kafka message of the Collector's Kafka exporter: an {@code ExportTraceServiceRequest} as protobuf or
 * OTLP/JSON, told apart by the first bytes with {@code auto}.
 */
public final class OtlpMessages {

    private OtlpMessages() {}

    public static ExportTraceServiceRequest decode(byte[] message, OtlpConfig.Encoding encoding)
            throws InvalidRecordException {
        return switch (encoding) {
            case JSON -> OtlpJson.read(message);
            case PROTO -> proto(message);
            case AUTO -> auto(message);
        };
    }

    /**
     * JSON when it starts with {@code '{'} (after blanks). A message starting with byte 0x0A is protobuf's first
     * field, even if the next byte is {@code '{'} (a first resource of 123 bytes): read as protobuf, and as JSON
     * only if that fails.
     */
    private static ExportTraceServiceRequest auto(byte[] message) throws InvalidRecordException {
        if (message.length > 0 && message[0] == '\n') {
            try {
                return proto(message);
            } catch (InvalidRecordException notProto) {
                if (looksLikeJson(message)) {
                    return OtlpJson.read(message);
                }
                throw notProto;
            }
        }
        return looksLikeJson(message) ? OtlpJson.read(message) : proto(message);
    }

    private static ExportTraceServiceRequest proto(byte[] message) throws InvalidRecordException {
        try {
            return ExportTraceServiceRequest.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidRecordException("not an OTLP ExportTraceServiceRequest (protobuf): " + e.getMessage());
        }
    }

    /** Bytes that are not text: not UTF-8, or holding control characters other than white space. */
    public static boolean isBinary(byte[] bytes) {
        java.nio.charset.CharsetDecoder utf8 = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        String text;
        try {
            text = utf8.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return true;
        }
        return text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r');
    }

    static boolean looksLikeJson(byte[] message) {
        for (byte b : message) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }
}
