package io.incidentdetector.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Hostile values for the fuzz suite, shared by every input kind: random bytes, invalid UTF-8, control and format
 * characters, JSON of the wrong type, numbers that are not finite, negative, huge or not integral, times of every
 * extreme, names that are not names, deep nesting, huge documents, and mutations (truncated, bytes flipped, inserted
 * or deleted) of valid records. JSON is built as text, so a value may be anything, even not JSON at all.
 */
final class Hostile {

    private Hostile() {}

    // ---- text and bytes -------------------------------------------------------------------------------------------

    /** Characters that a name, a number or a time must never accept quietly. */
    static final List<String> NASTY_CHARS = List.of("\u0000", "\u0001", "\t", "\n", "\r", "\u001b", "\u007f",
            "\u0085", "\u00a0", "\u2028", "\u2029", "\u200b", "\u200e", "\ufeff", "\ufffd", "\uffff", "\ud800",
            "\udfff", "\ud83d\ude00", "\u0378", "\\", "\"", "->", ":", ",", " ", "%s", "'", "é", "𝔘", "\u202e");

    /** Byte sequences that are not UTF-8: lone continuation, overlong, surrogate, truncated, out of range. */
    static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC3, 0x28},
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xF0, (byte) 0x9F}, new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xFE, (byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82});

    /** A short string of any characters, nasty ones often. */
    static String anyText(RandomGenerator r, int maxLength) {
        int length = r.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            int pick = r.nextInt(10);
            if (pick < 3) {
                s.append(NASTY_CHARS.get(r.nextInt(NASTY_CHARS.size())));
            } else if (pick < 8) {
                s.append((char) ('a' + r.nextInt(26)));
            } else {
                s.append((char) r.nextInt(0x10000));
            }
        }
        return s.toString();
    }

    static <T> T pick(RandomGenerator r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    static byte[] randomBytes(RandomGenerator r, int maxLength) {
        byte[] b = new byte[r.nextInt(maxLength + 1)];
        r.nextBytes(b);
        return b;
    }

    /** Random bytes, mostly short, sometimes kilobytes. */
    static byte[] bytes(RandomGenerator r) {
        return randomBytes(r, r.nextInt(7) == 0 ? 8192 : 64);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- JSON values ----------------------------------------------------------------------------------------------

    /** A JSON string literal of {@code text}, escaped so that the document stays JSON. */
    static String quote(String text) {
        if (text.length() > 1000 && text.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\')) {
            return '"' + text + '"';
        }
        StringBuilder s = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }

    /** Number texts of every kind: not finite, negative, huge, tiny, not integral, past long and int, not JSON. */
    static final List<String> NUMBERS = List.of("0", "-0", "-0.0", "1", "-1", "0.5", "-0.5", "1.5", "1e3", "1E-3",
            "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "1e18", "1e19", "1e308",
            "1e309", "-1e309", "1e-400", "4.9e-324", "1.7976931348623157e308", "123456789012345678901234567890",
            "0.1e1", "200.0", "200.5", "1" + "0".repeat(400), "NaN", "-NaN", "Infinity", "-Infinity", "+1", "01",
            ".5", "1.", "0x10", "1_000", "1e", "--1", "\"1\"", "\"NaN\"", "\"Infinity\"", "\"-1\"", "\"1e999\"");

    /** Times of every extreme, as ISO text, epoch numbers (seconds, ms, ns) and broken text. */
    static final List<String> TIMES = List.of(
            "\"0000-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"",
            "\"1999-12-31T23:59:59.999Z\"", "\"2000-01-01T00:00:00Z\"", "\"2026-01-01T00:00:00.250Z\"",
            "\"2026-01-01T00:00:00.123456789Z\"", "\"2026-01-01T00:00:00.1234567891Z\"", "\"2026-02-30T00:00:00Z\"",
            "\"2026-01-01T24:00:00Z\"", "\"2026-01-01T23:59:60Z\"", "\"2026-01-01T00:00:00+01:00\"",
            "\"2026-01-01T00:00:00\"", "\"2026-01-01\"", "\"2090-01-01T00:00:00Z\"", "\"2099-12-31T23:59:59.999Z\"",
            "\"2100-01-01T00:00:00Z\"", "\"2200-01-01T00:00:00Z\"", "\"2200-01-01T00:00:00.001Z\"",
            "\"9999-12-31T23:59:59Z\"", "\"+10000-01-01T00:00:00Z\"", "\"+1000000000-12-31T23:59:59.999999999Z\"",
            "\"-1000000000-01-01T00:00:00Z\"", "\"\"", "\"now\"", "\"2026-01-01T00:00:00.Z\"",
            "\"2026-01-01T00:00:00,5Z\"", "\"２０２６-01-01T00:00:00Z\"",
            "0", "-1", "1", "1767225600", "99999999999", "100000000000", "1767225600000", "1767225600000.5",
            "1.7672256E12", "1767225600000000000", "946684799999", "946684800000", "4102444799999", "4102444800000",
            "3786912000000", "253402300799000", "9223372036854775807", "-9223372036854775808",
            "9223372036854775808", "-62167219200000", "1e13", "NaN");

    /** Values of the wrong type for any field. */
    static final List<String> WRONG_TYPES = List.of("null", "true", "false", "[]", "{}", "[1,2]", "{\"a\":1}",
            "\"\"", "\" \"", "\"x\"", "[null]", "[\"frontend\"]", "{\"value\":200}", "\"\\u0000\"");

    /** Service names, valid ones and ones that are not names. */
    static final List<String> VALID_NAMES = List.of("frontend", "cartservice", "checkoutservice", "a", "svc-1.ns",
            "10.0.3.7", "名前", "x".repeat(253));

    static String badName(RandomGenerator r) {
        return switch (r.nextInt(9)) {
            case 0 -> "";
            case 1 -> "   ";
            case 2 -> "x".repeat(254);
            case 3 -> "a->b";
            case 4 -> " frontend";
            case 5 -> "frontend ";
            case 6 -> "front" + NASTY_CHARS.get(r.nextInt(NASTY_CHARS.size())) + "end";
            case 7 -> "x".repeat(r.nextInt(500) == 0 ? 100_000 + r.nextInt(900_000) : 254 + r.nextInt(2000));
            default -> anyText(r, 20);
        };
    }

    static String name(RandomGenerator r) {
        return r.nextInt(3) == 0 ? badName(r) : VALID_NAMES.get(r.nextInt(VALID_NAMES.size()));
    }

    /** Any JSON value text (or a token that is not JSON), for a field that expects something else. */
    static String anyValue(RandomGenerator r) {
        return switch (r.nextInt(7)) {
            case 0 -> NUMBERS.get(r.nextInt(NUMBERS.size()));
            case 1 -> TIMES.get(r.nextInt(TIMES.size()));
            case 2 -> WRONG_TYPES.get(r.nextInt(WRONG_TYPES.size()));
            case 3 -> quote(name(r));
            case 4 -> quote(anyText(r, 30));
            case 5 -> nested(r, 1 + r.nextInt(40));
            default -> Long.toString(r.nextLong());
        };
    }

    /** Arrays and objects nested {@code depth} levels deep, closed or not. */
    static String nested(RandomGenerator r, int depth) {
        boolean arrays = r.nextBoolean();
        StringBuilder s = new StringBuilder(depth * 6);
        for (int i = 0; i < depth; i++) {
            s.append(arrays ? "[" : "{\"a\":");
        }
        s.append(r.nextBoolean() ? "1" : "\"x\"");
        if (r.nextInt(4) > 0) {
            for (int i = 0; i < depth; i++) {
                s.append(arrays ? "]" : "}");
            }
        }
        return s.toString();
    }

    /** A JSON object from field texts already written as JSON (or as anything). */
    static String object(Map<String, String> fields) {
        StringBuilder s = new StringBuilder("{");
        fields.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
        return s.append('}').toString();
    }

    /**
     * A valid JSON object with one hostile change to its fields: one replaced by a hostile or wrong-type value,
     * removed, duplicated with another value, or an unknown field added; or a field made huge or deeply nested.
     */
    static String withHostileField(RandomGenerator r, Map<String, String> valid, List<String> fieldNames) {
        List<Map.Entry<String, String>> fields = new ArrayList<>(valid.entrySet());
        String field = fieldNames.get(r.nextInt(fieldNames.size()));
        StringBuilder s = new StringBuilder("{");
        int change = r.nextInt(12);
        boolean seen = false;
        for (Map.Entry<String, String> e : fields) {
            String value = e.getValue();
            if (e.getKey().equals(field)) {
                seen = true;
                if (change == 0) {
                    continue; // removed
                }
                value = switch (change) {
                    case 1, 2 -> NUMBERS.get(r.nextInt(NUMBERS.size()));
                    case 3, 4 -> TIMES.get(r.nextInt(TIMES.size()));
                    case 5 -> WRONG_TYPES.get(r.nextInt(WRONG_TYPES.size()));
                    case 6 -> quote(badName(r));
                    case 7 -> nested(r, r.nextInt(10) == 0 ? 900 + r.nextInt(4000) : 1 + r.nextInt(50));
                    case 8 -> quote("y".repeat(r.nextInt(400) == 0 ? 1_000_000 + r.nextInt(1_000_000) : 300));
                    default -> anyValue(r);
                };
            }
            s.append(s.length() > 1 ? "," : "").append(quote(e.getKey())).append(':').append(value);
        }
        if (change == 0 && !seen) {
            s.append(s.length() > 1 ? "," : "").append(quote(field)).append(':').append(anyValue(r));
        }
        if (change >= 10) {
            String extra = change == 10 ? field : anyText(r, 12);
            s.append(s.length() > 1 ? "," : "").append(quote(extra)).append(':').append(anyValue(r));
        }
        return s.append('}').toString();
    }

    // ---- mutations ------------------------------------------------------------------------------------------------

    /** Bytes of a valid record, changed at random: cut, a byte flipped, bytes inserted, deleted or repeated. */
    static byte[] mutate(RandomGenerator r, byte[] valid) {
        byte[] b = valid;
        int steps = 1 + r.nextInt(3);
        for (int step = 0; step < steps && b.length > 0; step++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b = java.util.Arrays.copyOf(b, at); // truncated
                case 1 -> {
                    b = b.clone();
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                case 2 -> b = splice(b, at, 0, randomBytes(r, 8));
                case 3 -> b = splice(b, at, Math.min(b.length - at, 1 + r.nextInt(8)), new byte[0]);
                case 4 -> b = splice(b, at, 0, INVALID_UTF8.get(r.nextInt(INVALID_UTF8.size())));
                case 5 -> b = splice(b, at, 0, utf8(NASTY_CHARS.get(r.nextInt(NASTY_CHARS.size()))));
                default -> {
                    int length = Math.min(b.length - at, 1 + r.nextInt(16));
                    b = splice(b, at, 0, java.util.Arrays.copyOfRange(b, at, at + length));
                }
            }
        }
        return b;
    }

    static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** JSON that is not a record: deep nesting (thousands of levels), a huge array, a bare value, an empty text. */
    static String notARecord(RandomGenerator r) {
        return switch (r.nextInt(8)) {
            case 0 -> nested(r, 1000 + r.nextInt(r.nextInt(10) == 0 ? 9000 : 1000));
            case 1 -> "[" + "1,".repeat(r.nextInt(100) == 0 ? 1_000_000 : 100) + "1]";
            case 2 -> "{\"a\":[" + "{\"b\":\"" + "z".repeat(20) + "\"},".repeat(r.nextInt(2000)) + "{}]}";
            case 3 -> anyValue(r);
            case 4 -> "";
            case 5 -> " \t\r\n";
            case 6 -> "{" + "\"k\":1,".repeat(r.nextInt(5000)) + "\"k\":2}";
            default -> quote(anyText(r, 50));
        };
    }
}
