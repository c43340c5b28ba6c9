package io.incidentdetector.event;

import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * The fast path of the JSON event parsers: Jackson's streaming parser reads a record straight from its bytes (or
 * text) into the event, with no tree, no intermediate string of the whole record and no {@code Instant.parse} for
 * the usual {@code 2026-01-01T00:00:00.250Z}. It accepts only what is plainly valid; on anything else (a missing or
 * mistyped field, an unusual time format, bytes that are not UTF-8, not an object) it returns null and the caller
 * parses the record again the thorough way, which gives the reason. So the rules and the messages live in one place
 * ({@link ServiceCallEventParser}, {@link ClientErrorJsonParser}, {@link EventTimes}), and this class only has to
 * agree with them on valid records.
 *
 * <p>Not thread-safe (each parser instance owns one): it remembers the service and build names it has already
 * checked, so a name is validated once and every event of a pair shares one string.
 */
final class FastJsonEvents {

    /** The codec's factory, plus Jackson's own fast double parser (FastDoubleParser, bundled in jackson-core). */
    private static final JsonFactory JSON = JsonCodec.mapper().getFactory().rebuild()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    /** Names remembered at most; a stream with more distinct names is checked name by name beyond this. */
    private static final int MAX_NAMES = 100_000;
    /** The fields read; one of them holding an object or an array is for the thorough parser to refuse. */
    private static final Set<String> KNOWN_FIELDS = Set.of("type", "timestamp", "source", "destination", "latencyMs",
            "status", "build", "code", "client");

    private final NameTable names = new NameTable(MAX_NAMES);

    /** The record as an event, or null when the thorough parser must decide. */
    InputEvent read(byte[] bytes, boolean calls, boolean errors) {
        if (!plainAscii(bytes)) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            return read(parser, calls, errors);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Bytes 1 to 127 only. Anything else is left to the thorough parser, which decodes strictly: Jackson guesses
     * UTF-16 or UTF-32 from zero bytes, skips a byte-order mark, and decodes invalid UTF-8 (an encoded surrogate, an
     * overlong form) without a word.
     */
    private static boolean plainAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    InputEvent read(String text, boolean calls, boolean errors) {
        try (JsonParser parser = JSON.createParser(text)) {
            return read(parser, calls, errors);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private InputEvent read(JsonParser p, boolean calls, boolean errors) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String type = null;
        long timestamp = Long.MIN_VALUE;
        String source = null;
        String destination = null;
        double latency = Double.NaN;
        int status = 0;
        String build = null;
        int code = Integer.MIN_VALUE;
        String client = null;
        JsonToken token;
        while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value.isStructStart()) {
                if (KNOWN_FIELDS.contains(field)) {
                    return null;
                }
                p.skipChildren();
                continue;
            }
            switch (field) {
                case "type" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        type = p.getText();
                    } else {
                        type = null;
                    }
                }
                case "timestamp" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        timestamp = p.getLongValue();
                        if (timestamp > 0 && timestamp < EPOCH_SECONDS_LIMIT) {
                            return null;
                        }
                    } else if (value == JsonToken.VALUE_STRING) {
                        timestamp = isoMillis(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    } else {
                        return null;
                    }
                    if (timestamp < EventTimes.EARLIEST || timestamp >= EventTimes.LATEST) {
                        return null;
                    }
                }
                case "source" -> source = name(p, value);
                case "destination" -> destination = name(p, value);
                case "latencyMs" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                        return null;
                    }
                    latency = p.getDoubleValue();
                }
                case "status" -> status = value == JsonToken.VALUE_NULL ? 0 : integer(p, value);
                case "build" -> build = name(p, value);
                case "code" -> code = integer(p, value);
                case "client" -> {
                    if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    if (value == JsonToken.VALUE_STRING && p.getTextLength() > ClientErrorJsonParser.MAX_LENGTH) {
                        return null;
                    }
                    client = value == JsonToken.VALUE_NULL ? null : p.getText();
                }
                default -> { }
            }
        }
        if (token != JsonToken.END_OBJECT || timestamp == Long.MIN_VALUE) {
            return null;
        }
        boolean call = type == null ? calls && !errors : InputEvent.SERVICE_CALL.equals(type) && calls;
        boolean error = type == null ? errors && !calls : InputEvent.CLIENT_ERROR.equals(type) && errors;
        if (call) {
            if (source == null || destination == null || !(latency >= 0) || Double.isInfinite(latency)
                    || status == Integer.MIN_VALUE) {
                return null;
            }
            return InputEvent.of(new ServiceCallEvent(timestamp, source, destination, latency, status));
        }
        if (error) {
            if (build == null || code == Integer.MIN_VALUE) {
                return null;
            }
            return InputEvent.of(new ClientErrorEvent(timestamp, build, code, client));
        }
        return null;
    }

    /** A string field that must be a valid name; checked once per distinct name. */
    private String name(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            return null;
        }
        char[] chars = p.getTextCharacters();
        int at = p.getTextOffset();
        int length = p.getTextLength();
        String known = names.find(chars, at, length);
        if (known != null) {
            return known;
        }
        String text = new String(chars, at, length);
        if (ServiceNames.problem(text) != null) {
            return null;
        }
        names.add(text);
        return text;
    }

    /** An int field, or {@link Integer#MIN_VALUE} (which sends the record to the thorough parser). */
    private static int integer(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            return Integer.MIN_VALUE;
        }
        return p.getIntValue();
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} in epoch milliseconds (what {@code Instant.toString} writes); anything
     * else is {@link Long#MIN_VALUE}, for {@code Instant.parse} to decide.
     */
    static long isoMillis(char[] c, int at, int length) {
        if (length < 20 || c[at + 4] != '-' || c[at + 7] != '-' || c[at + 10] != 'T' || c[at + 13] != ':'
                || c[at + 16] != ':' || c[at + length - 1] != 'Z') {
            return Long.MIN_VALUE;
        }
        int year = digits(c, at, 4);
        int month = digits(c, at + 5, 2);
        int day = digits(c, at + 8, 2);
        int hour = digits(c, at + 11, 2);
        int minute = digits(c, at + 14, 2);
        int second = digits(c, at + 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        int end = at + length - 1;
        int i = at + 19;
        if (i < end) {
            if (c[i] != '.' || end - i - 1 < 1 || end - i - 1 > 9) {
                return Long.MIN_VALUE;
            }
            for (int k = i + 1, scale = 100; k < end; k++, scale /= 10) {
                int d = c[k] - '0';
                if (d < 0 || d > 9) {
                    return Long.MIN_VALUE;
                }
                millis += d * scale;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    private static int digits(char[] c, int at, int n) {
        int v = 0;
        for (int i = at; i < at + n; i++) {
            int d = c[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static final long EPOCH_SECONDS_LIMIT = 100_000_000_000L;
}
