package io.incidentdetector.source;

import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.control.CommandVerifier;
import io.incidentdetector.control.ReceivedCommand;

import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A command's {@code at} against the wall clock and the time its record was sent, never the topic's progress. */
class ControlSourcesTest {

    static final long NOW = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();
    static final long DAY = 86_400_000L;

    final ControlSources.Deserializer deserializer = new ControlSources.Deserializer(
            new EventTimeGuard(EventTimeGuard.Limits.defaults(), () -> NOW),
            new CommandVerifier(new ControlAuthConfig(true, null, null)), () -> NOW);

    @Test
    void aCommandForAnyEarlierTimeIsReadHoursAfterThePreviousOne() {
        long sent = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
        assertThat(read(0, sent, "{\"command\":\"resolve\",\"incident\":\"i\",\"at\":\"2026-01-01T00:00:00Z\"}"))
                .satisfies(r -> assertThat(r.isValid()).isTrue());
        assertThat(read(1, sent, "{\"command\":\"resolve\",\"incident\":\"i\",\"at\":\"2026-01-01T09:00:00Z\"}"))
                .as("nine hours after the previous command").satisfies(r -> assertThat(r.isValid()).isTrue());
        assertThat(read(2, NOW, "{\"command\":\"resolve\",\"incident\":\"i\"}").value().command().at())
                .isEqualTo(Instant.ofEpochMilli(NOW));
    }

    @Test
    void aCommandAheadOfTheWallClockOrOfWhenItWasSentIsRefusedButKeptForTheAudit() {
        ParsedRecord<ReceivedCommand> future = read(0, NOW,
                "{\"id\":\"x\",\"command\":\"resolve\",\"incident\":\"i\",\"at\":\"2090-01-01T00:00:00Z\"}");
        assertThat(future.isValid()).isFalse();
        assertThat(future.error()).isEqualTo("event time 2090-01-01T00:00:00Z is ahead of the wall clock"
                + " (2026-12-07T12:00:00Z) by more than event-time.max-ahead (5 min)");
        assertThat(future.value().command().id()).isEqualTo("x");
        assertThat(new String(future.original(), StandardCharsets.UTF_8)).contains("2090");

        long sent = Instant.parse("2026-01-01T00:30:00Z").toEpochMilli();
        ParsedRecord<ReceivedCommand> dayAhead = read(1, sent,
                "{\"command\":\"resolve\",\"incident\":\"i\",\"at\":\"2026-01-02T00:30:00Z\"}");
        assertThat(dayAhead.error()).isEqualTo("event time 2026-01-02T00:30:00Z is ahead of the time its record was"
                + " sent (2026-01-01T00:30:00Z) by more than event-time.max-ahead (5 min)");
        assertThat(read(2, NOW, "{\"command\":\"resolve\",\"incident\":\"i\",\"at\":\"1970-01-01T00:00:00Z\"}")
                .error()).as("the parser's range").contains("'at' must be between");
    }

    private ParsedRecord<ReceivedCommand> read(long offset, long sent, String json) {
        return readOne(deserializer, new ConsumerRecord<>("control", 0, offset, sent, TimestampType.CREATE_TIME, 0, 0,
                null, json.getBytes(StandardCharsets.UTF_8), new RecordHeaders(), Optional.empty()));
    }

    /** What {@code d} makes of {@code record}: exactly one parsed record. */
    static ParsedRecord<ReceivedCommand> readOne(ControlSources.Deserializer d, ConsumerRecord<byte[], byte[]> record) {
        List<ParsedRecord<ReceivedCommand>> out = new ArrayList<>();
        d.deserialize(record, new Collector<>() {
            @Override
            public void collect(ParsedRecord<ReceivedCommand> parsed) {
                out.add(parsed);
            }

            @Override
            public void close() {}
        });
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
