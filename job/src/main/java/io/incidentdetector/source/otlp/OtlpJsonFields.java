package io.incidentdetector.source.otlp;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.file.InvalidRecordException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.protobuf.ByteString;

import java.util.HexFormat;

/**
 * OTLP/JSON's rules for single values, with a reason that names the field when one is broken: ids in hex, 64-bit
 * integers as numbers or decimal strings, enums as integers or names, camelCase or proto field names.
 */
final class OtlpJsonFields {

    private static final HexFormat HEX = HexFormat.of();

    private OtlpJsonFields() {}

    static ByteString id(JsonNode node, int bytes, String path) throws InvalidRecordException {
        if (node == null || node.isNull()) {
            return ByteString.EMPTY;
        }
        String hex = text(node, path);
        if (hex.isEmpty()) {
            return ByteString.EMPTY;
        }
        if (hex.length() != 2 * bytes) {
            throw new InvalidRecordException(path + " must be " + 2 * bytes + " hex digits, got '" + Shown.value(hex)
                    + "'");
        }
        try {
            return ByteString.copyFrom(HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(path + " must be hex digits, got '" + Shown.value(hex) + "'");
        }
    }

    /** A fixed64 time: a JSON number or a decimal string. */
    static long uint64(JsonNode node, String path) throws InvalidRecordException {
        if (node == null || node.isNull()) {
            return 0;
        }
        long value = int64(node, path);
        if (value < 0) {
            throw new InvalidRecordException(path + " must not be negative, got " + Shown.json(node));
        }
        return value;
    }

    static long int64(JsonNode node, String path) throws InvalidRecordException {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new InvalidRecordException(path + " must be a 64-bit integer (number or decimal string), got "
                + Shown.json(node));
    }

    static double number(JsonNode node, String path) throws InvalidRecordException {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.asText()) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(node.asText());
                    } catch (NumberFormatException e) {
                        // fall through
                    }
            }
        }
        throw new InvalidRecordException(path + " must be a number, got " + Shown.json(node));
    }

    /** An enum as its integer (OTLP/JSON) or its name, with or without its prefix. */
    static <E extends Enum<E> & com.google.protobuf.ProtocolMessageEnum> int enumValue(JsonNode node,
            String prefix, Class<E> type, String path) throws InvalidRecordException {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            String name = node.asText();
            for (E value : type.getEnumConstants()) {
                if (!value.name().equals("UNRECOGNIZED")
                        && (value.name().equals(name) || value.name().equals(prefix + name))) {
                    return value.getNumber();
                }
            }
        }
        throw new InvalidRecordException(path + " must be an integer (or a " + prefix + "* name), got "
                + Shown.json(node));
    }

    static String text(JsonNode node, String path) throws InvalidRecordException {
        if (!node.isTextual()) {
            throw new InvalidRecordException(path + " must be a string, got " + kind(node));
        }
        return node.asText();
    }

    static JsonNode field(JsonNode node, String camel, String snake) {
        JsonNode value = node.get(camel);
        return value != null ? value : node.get(snake);
    }

    /** An array field; absent or null is empty. */
    static JsonNode array(JsonNode node, String camel, String snake, String path)
            throws InvalidRecordException {
        JsonNode value = field(node, camel, snake);
        if (value == null || value.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!value.isArray()) {
            throw new InvalidRecordException((path.isEmpty() ? "" : path + ".") + camel + " must be an array, got "
                    + kind(value));
        }
        return value;
    }

    static void object(JsonNode node, String path) throws InvalidRecordException {
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException(path + " must be an object, got " + kind(node));
        }
    }

    static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " "
                + Shown.json(node);
    }

}
