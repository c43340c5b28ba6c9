package io.incidentdetector.event;

import io.incidentdetector.connectors.file.InvalidRecordException;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fast path must agree with the thorough parser on every record it accepts, and refuse every bad one. */
class FastJsonEventsTest {

    private final FastJsonEvents fast = new FastJsonEvents();

    @Test
    void validCallsComeOutAsTheThoroughParserReadsThem() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            String line = call(random);
            InputEvent event = fast.read(line, true, false);
            assertThat(event).as(line).isNotNull();
            assertThat(event.call()).as(line).isEqualTo(ServiceCallEventParser.fromJson(EventTimes.object(line)));
            assertThat(fast.read(line.getBytes(StandardCharsets.UTF_8), true, false)).as(line).isEqualTo(event);
        }
    }

    @Test
    void validClientErrorsComeOutAsTheThoroughParserReadsThem() throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 2_000; i++) {
            String line = "{\"timestamp\":" + time(random) + ",\"build\":\"5.0007." + random.nextInt(1000) + ".011\","
                    + "\"code\":" + random.nextInt(100)
                    + (random.nextBoolean() ? ",\"client\":\"c-" + random.nextInt(50) + "\"" : "")
                    + (random.nextBoolean() ? ",\"client\":null" : "") + "}";
            InputEvent event = fast.read(line, false, true);
            assertThat(event).as(line).isNotNull();
            assertThat(event.error()).as(line).isEqualTo(ClientErrorJsonParser.fromJson(EventTimes.object(line)));
        }
    }

    /**
     * Found by the fuzz suite: a known field holding an object was not skipped, so the object's own fields were read
     * as the record's, and its closing brace as the record's end (the rest of the record, even a missing brace, was
     * never looked at).
     */
    @Test
    void aKnownFieldHoldingAnObjectOrArrayIsLeftToTheThoroughParser() {
        String truncated = "{\"timestamp\":1767225601000,\"build\":{\"a\":1,\"code\":3,\"build\":\"5.1\"}";
        String nestedStatus = "{\"timestamp\":1767225601000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1,"
                + "\"status\":{\"status\":200}}";
        String arrayCode = "{\"timestamp\":1767225601000,\"build\":\"5.1\",\"code\":[3]}";
        assertThat(fast.read(truncated, false, true)).isNull();
        assertThat(fast.read(nestedStatus, true, false)).isNull();
        assertThat(fast.read(arrayCode, false, true)).isNull();
        assertThatThrownBy(() -> new InputEventParser(false, true).parse(truncated)).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> new InputEventParser(true, false).parse(nestedStatus))
                .hasMessageStartingWith("'status' must be an integer");
        assertThat(fast.read("{\"timestamp\":1767225601000,\"build\":\"5.1\",\"code\":3,\"x\":{\"code\":[4]}}", false,
                true)).as("an unknown field is skipped whole").isEqualTo(InputEvent.of(
                        new ClientErrorEvent(1767225601000L, "5.1", 3, null)));
    }

    @Test
    void bytesThatAreNotUtf8AreLeftToTheThoroughParserWhichRefusesThem() {
        String valid = "{\"timestamp\":1767225601000,\"source\":\"frontend\",\"destination\":\"cart\","
                + "\"latencyMs\":1,\"status\":200}";
        // found by the fuzz suite: a UTF-16 surrogate encoded in UTF-8 (ED A0 80) before a field name; Jackson
        // decoded it, skipped the field as unknown and the call came out with status 0
        byte[] surrogate = utf8(valid.replace("\"status\"", "\"#status\""), "#", 0xED, 0xA0, 0x80);
        byte[] overlong = utf8(valid.replace("frontend", "front#nd"), "#", 0xC1, 0xA5);
        byte[] utf16 = valid.getBytes(StandardCharsets.UTF_16LE);
        byte[] bom = utf8("#" + valid, "#", 0xEF, 0xBB, 0xBF);
        InputEventParser parser = new InputEventParser(true, false);
        for (byte[] bad : List.of(surrogate, overlong, utf16, bom)) {
            assertThat(fast.read(bad, true, false)).isNull();
            assertThatThrownBy(() -> parser.parse(bad)).isInstanceOf(InvalidRecordException.class);
        }
        assertThatThrownBy(() -> parser.parse(surrogate)).hasMessageStartingWith("not UTF-8 text");
    }

    /** The text as UTF-8 with {@code marker} replaced by raw bytes. */
    private static byte[] utf8(String text, String marker, int... raw) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        byte[] out = new byte[bytes.length - 1 + raw.length];
        System.arraycopy(bytes, 0, out, 0, at);
        for (int i = 0; i < raw.length; i++) {
            out[at + i] = (byte) raw[i];
        }
        System.arraycopy(bytes, at + 1, out, at + raw.length, bytes.length - at - 1);
        return out;
    }

    @Test
    void everythingTheThoroughParserRefusesIsLeftToIt() {
        List<String> bad = new ArrayList<>(List.of(
                "", "[]", "42", "{", "{\"timestamp\":1767225601000,\"source\":\"a\"",
                "{\"timestamp\":1767225601000,\"source\":\"a\",\"destination\":\"b\"}",
                "{\"timestamp\":1767225601000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":\"5\"}",
                "{\"timestamp\":1767225601000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":-1}",
                "{\"timestamp\":1767225601000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1,\"status\":2.5}",
                "{\"timestamp\":1767225601000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1,\"status\":9999999999}",
                "{\"timestamp\":1767225601,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":1767225601000.5,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":\"2026-02-30T00:00:00Z\",\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":\"2026-01-01 00:00:00\",\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":\"2101-01-01T00:00:00Z\",\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":\"1999-12-31T23:59:59Z\",\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":1767225601000,\"source\":\"a->b\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":1767225601000,\"source\":\" a\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":1767225601000,\"source\":\"\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":1767225601000,\"source\":{\"n\":1},\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":1767225601000,\"source\":\"a\\u0007\",\"destination\":\"b\",\"latencyMs\":1}",
                "{\"timestamp\":1767225601000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1e999}",
                "{\"timestamp\":null,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1}"));
        for (String line : bad) {
            assertThatThrownBy(() -> ServiceCallEventParser.fromJson(EventTimes.object(line))).as(line)
                    .isInstanceOf(InvalidRecordException.class);
            assertThat(fast.read(line, true, false)).as(line).isNull();
        }
        assertThat(fast.read("{\"timestamp\":1767225601000,\"build\":\"b\",\"code\":\"3\"}", false, true)).isNull();
        assertThat(fast.read("{\"timestamp\":1767225601000,\"build\":\"b\",\"code\":3,\"client\":7}", false, true))
                .as("a client id that is not a string is the thorough parser's to read").isNull();
        assertThat(fast.read("{" + InputEventParserTest.CALL + "}", true, true))
                .as("a topic of both kinds needs the type").isNull();
        assertThat(fast.read("{\"type\":\"metric\"," + InputEventParserTest.CALL + "}", true, true)).isNull();
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheThoroughReason() {
        byte[] bad = "{\"timestamp\":1767225601000,\"source\":\"a?\",\"destination\":\"b\",\"latencyMs\":1}"
                .getBytes(StandardCharsets.UTF_8);
        bad[38] = (byte) 0xC3; // a lead byte followed by '"'
        assertThat(fast.read(bad, true, false)).isNull();
        assertThatThrownBy(() -> new InputEventParser(true, false).parse(bad)).hasMessageStartingWith("not UTF-8 text");
    }

    @Test
    void isoTimesAreReadAsInstantParseReadsThem() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            long millis = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli()
                    + random.nextLong(100L * 365 * 24 * 3600 * 1000);
            Instant instant = Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1_000_000));
            String text = instant.toString();
            char[] chars = ("x" + text + "y").toCharArray();
            assertThat(FastJsonEvents.isoMillis(chars, 1, text.length())).as(text)
                    .isEqualTo(Instant.parse(text).toEpochMilli());
        }
        for (String odd : List.of("2026-01-01T00:00:00+01:00", "2026-01-01T24:00:00Z", "2026-01-01T00:00:60Z",
                "2026-1-01T00:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.1234567890Z")) {
            assertThat(FastJsonEvents.isoMillis(odd.toCharArray(), 0, odd.length())).as(odd)
                    .isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void aNameIsCheckedOnceAndSharedByEveryEventThatCarriesIt() {
        String line = "{\"timestamp\":1767225601000,\"source\":\"frontend\",\"destination\":\"cart\",\"latencyMs\":1}";
        ServiceCallEvent first = fast.read(line, true, false).call();
        ServiceCallEvent second = fast.read(line.getBytes(StandardCharsets.UTF_8), true, false).call();
        assertThat(second.source()).isSameAs(first.source());
        assertThat(second.destination()).isSameAs(first.destination());
        NameTable full = new NameTable(1);
        full.add("a");
        full.add("b");
        assertThat(full.find("a".toCharArray(), 0, 1)).isEqualTo("a");
        assertThat(full.find("b".toCharArray(), 0, 1)).as("beyond capacity nothing is remembered").isNull();
    }

    private static String call(SplittableRandom random) {
        List<String> fields = new ArrayList<>();
        fields.add("\"timestamp\":" + time(random));
        fields.add("\"source\":\"svc-" + random.nextInt(30) + "\"");
        fields.add("\"destination\":\"db." + random.nextInt(30) + "\"");
        double latency = random.nextInt(4) == 0 ? random.nextInt(500) : random.nextDouble() * 1000;
        fields.add("\"latencyMs\":" + (random.nextInt(5) == 0 ? String.format("%.3e", latency) : latency));
        int extra = random.nextInt(6);
        if (extra == 1) {
            fields.add("\"status\":" + (200 + random.nextInt(400)));
        } else if (extra == 2) {
            fields.add("\"status\":null");
        } else if (extra == 3) {
            fields.add("\"trace\":{\"id\":\"ab\",\"spans\":[1,2,{\"x\":null}]}");
        } else if (extra == 4) {
            fields.add("\"type\":\"service-call\"");
        } else if (extra == 5) {
            fields.add("\"note\":\"caf\\u00e9 \\\"quoted\\\"\"");
        }
        java.util.Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        return "{" + String.join(random.nextBoolean() ? "," : " , ", fields) + "}";
    }

    private static String time(SplittableRandom random) {
        long millis = 1_767_225_600_000L + random.nextLong(400L * 24 * 3600 * 1000);
        if (random.nextBoolean()) {
            return String.valueOf(millis);
        }
        return "\"" + Instant.ofEpochMilli(millis).plusNanos(random.nextInt(3) == 0 ? random.nextInt(1_000_000) : 0)
                + "\"";
    }
}
