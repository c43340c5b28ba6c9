package io.incidentdetector.connectors.kafka;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.file.LineParser;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParsingDeserializerTest {

    static final LineParser<Integer> NUMBERS = line -> {
        if (line.equals("boom")) {
            throw new IllegalStateException("parser bug");
        }
        try {
            return Integer.parseInt(line);
        } catch (NumberFormatException e) {
            throw new InvalidRecordException("not a number: " + line);
        }
    };

    final ParsingDeserializer<Integer> deserializer = new ParsingDeserializer<>(Map.of("numbers", NUMBERS),
            new TypeHint<ParsedRecord<Integer>>() {}.getTypeInfo());

    @Test
    void aValidRecordKeepsItsOriginAndNotItsBytes() {
        ParsedRecord<Integer> r = deserializer.parse("numbers", 2, 40, utf8(" 42\n"));
        assertThat(r.isValid()).isTrue();
        assertThat(r.value()).isEqualTo(42);
        assertThat(r.topic()).isEqualTo("numbers");
        assertThat(r.partition()).isEqualTo(2);
        assertThat(r.offset()).isEqualTo(40);
        assertThat(r.original()).isNull();
    }

    @Test
    void everyBadRecordBecomesAFailedOneWithItsReasonAndOriginalBytes() {
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28};
        assertThat(deserializer.parse("numbers", 0, 1, notUtf8))
                .satisfies(r -> assertThat(r.error()).startsWith("not UTF-8 text"))
                .satisfies(r -> assertThat(r.original()).isEqualTo(notUtf8));
        assertThat(deserializer.parse("numbers", 0, 2, utf8("x")).error()).isEqualTo("not a number: x");
        assertThat(deserializer.parse("numbers", 0, 3, null).error()).contains("value is null");
        assertThat(deserializer.parse("numbers", 0, 4, utf8("boom")).error())
                .isEqualTo("unreadable record: java.lang.IllegalStateException: parser bug");
        assertThat(deserializer.parse("other", 0, 5, utf8("1")).error()).isEqualTo("no parser for topic 'other'");
        assertThat(deserializer.parse("numbers", 0, 2, utf8("x")).original()).isEqualTo(utf8("x"));
    }

    /** The numbers are event times (epoch ms) here; the wall clock stands still at 2026-12-07. */
    @Test
    void withAGuardEachPartitionHasItsOwnProgressAndARefusedTimeIsAFailedRecord() {
        long now = java.time.Instant.parse("2026-12-07T00:00:00Z").toEpochMilli();
        ParsingDeserializer<Long> guarded = new ParsingDeserializer<>(Map.of("t", Long::parseLong),
                new TypeHint<ParsedRecord<Long>>() {}.getTypeInfo(),
                new EventTimeGuard(EventTimeGuard.Limits.defaults(), () -> now), t -> t);
        long data = java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        long dayAhead = data + 86_400_000;
        assertThat(guarded.parse("t", 0, 0, utf8(Long.toString(data))).isValid()).isTrue();
        ParsedRecord<Long> refused = guarded.parse("t", 0, 1, utf8(Long.toString(dayAhead)));
        assertThat(refused.isValid()).isFalse();
        assertThat(refused.error()).startsWith("event time 2026-01-02T00:00:00Z is ahead of its source's progress");
        assertThat(refused.original()).isEqualTo(utf8(Long.toString(dayAhead)));
        assertThat(guarded.parse("t", 1, 0, utf8(Long.toString(dayAhead))).isValid())
                .as("partition 1 has no progress yet").isTrue();
        assertThat(guarded.parse("t", 0, 2, utf8(Long.toString(now + 86_400_000))).error())
                .contains("ahead of the wall clock");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
