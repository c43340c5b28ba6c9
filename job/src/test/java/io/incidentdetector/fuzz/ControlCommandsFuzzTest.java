package io.incidentdetector.fuzz;

import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.control.CommandVerifier;
import io.incidentdetector.control.ReceivedCommand;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.source.ControlSources;

import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.incidentdetector.fuzz.Generator.weight;

/**
 * Records of the control topic, read as the job reads them ({@link ControlSources.Deserializer}), with Kafka record
 * times of every extreme: each gives exactly one record, a command that is valid by the rules of
 * docs/control.md, or a failed record with a reason and the original bytes (which becomes one audit record).
 */
class ControlCommandsFuzzTest {

    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    static final List<String> FIELDS = List.of("id", "at", "command", "pair", "service", "group", "threshold",
            "resolve-below", "from", "until", "mode", "incident", "by", "reason");
    /** Kafka record times: normal, none (-1), the epoch, epoch seconds, 2090, the end of time. */
    static final List<Long> RECORD_TIMES = List.of(1_767_227_400_000L, 1_767_227_400_000L, 1_767_227_400_000L, -1L,
            0L, 1_767_227_400L, 3_786_912_000_000L, Long.MAX_VALUE);

    /** With the job's event-time limits, against a wall clock at the normal record time. */
    private final ControlSources.Deserializer deserializer = new ControlSources.Deserializer(
            new EventTimeGuard(EventTimeGuard.Limits.defaults(), () -> RECORD_TIMES.get(0)),
            new CommandVerifier(new ControlAuthConfig(true, null, null)), () -> RECORD_TIMES.get(0));

    /** A control record's value and its Kafka record time. */
    record ControlRecord(byte[] value, long recordTime) {
        @Override
        public String toString() {
            return "at record time " + recordTime + ", " + Fuzz.describe(value);
        }
    }

    @Test
    void controlRecords(TestInfo test) {
        Generator<byte[]> commands = commands();
        Fuzz.forAll(test, r -> new ControlRecord(commands.make(r), Hostile.pick(r, RECORD_TIMES)), this::check)
                .expectAtLeast("applied", 5).expectAtLeast("refused", 20);
    }

    private void check(ControlRecord input, Outcomes outcomes) throws Exception {
        byte[] value = input.value();
        long recordTime = input.recordTime();
        List<ParsedRecord<ReceivedCommand>> out = new ArrayList<>();
        deserializer.deserialize(new ConsumerRecord<>("control", 0, 9, recordTime, TimestampType.CREATE_TIME, 0,
                value.length, null, value, new RecordHeaders(), Optional.empty()), new Collector<>() {
                    @Override
                    public void collect(ParsedRecord<ReceivedCommand> record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        ProductRules.check(out.size() == 1, out.size() + " records for one command", out);
        ParsedRecord<ReceivedCommand> record = out.get(0);
        if (record.isValid()) {
            outcomes.add("applied");
            valid(record.value().command());
        } else {
            outcomes.add("refused");
            ProductRules.reason(record.error());
            ProductRules.check(record.original() == value, "the original bytes not kept", record);
        }
    }

    /** What a command that was read must be (docs/control.md). */
    static void valid(ControlCommand c) {
        ProductRules.check(c.kind() != null && c.id() != null && c.at() != null, "a command without kind, id or at",
                c);
        // a command without 'at' applies at its record's time, which the job's event-time guard checks like any
        time(c.at(), c);
        ProductRules.check(!c.at().isAfter(Instant.ofEpochMilli(RECORD_TIMES.get(0)).plus(EventTimeGuard.Limits
                .defaults().maxAhead())), "a command ahead of the wall clock", c);
        switch (c.kind()) {
            case SET_THRESHOLD, SILENCE -> {
                int targets = (c.pair() == null ? 0 : 1) + (c.service() == null ? 0 : 1) + (c.group() == null ? 0 : 1);
                ProductRules.check(targets == 1, "not exactly one target", c);
                if (c.pair() != null) {
                    String[] parts = ServicePair.split(c.pair());
                    ProductRules.check(parts != null && c.pair().equals(ServicePair.key(parts[0], parts[1])),
                            "a pair that is not source->destination", c);
                    ProductRules.name(parts[0], c);
                    ProductRules.name(parts[1], c);
                }
                if (c.service() != null) {
                    ProductRules.name(c.service(), c);
                }
                ProductRules.check(c.group() == null || !c.group().isBlank(), "a blank group", c);
                if (c.kind() == ControlCommand.Kind.SET_THRESHOLD) {
                    ProductRules.check(Double.isFinite(c.threshold()) && c.threshold() > 0, "a bad threshold", c);
                    ProductRules.check(c.resolveBelow() == null || c.group() != null && c.resolveBelow() >= 0
                            && c.resolveBelow() < c.threshold(), "a bad resolve-below", c);
                } else {
                    time(c.from(), c);
                    time(c.until(), c);
                    ProductRules.check(c.until().isAfter(c.from()), "a silence that ends before it starts", c);
                }
            }
            case ACKNOWLEDGE, RESOLVE -> ProductRules.check(c.incident() != null && !c.incident().isBlank()
                    && c.pair() == null && c.service() == null && c.group() == null && c.threshold() == null,
                    "an incident command without its incident, or with a target", c);
        }
    }

    static void time(Instant t, ControlCommand c) {
        ProductRules.check(t != null && !t.isBefore(EARLIEST) && !t.isAfter(LATEST), "a time out of range", c);
    }

    /** Valid commands, valid ones with one hostile field, mutated bytes, JSON that is no command, random bytes. */
    static Generator<byte[]> commands() {
        List<Map<String, String>> validFields = ValidRecords.COMMANDS.stream().map(ValidRecords::fields).toList();
        List<byte[]> validBytes = ValidRecords.COMMANDS.stream().map(Hostile::utf8).toList();
        return Generator.frequencyOf(
                weight(2, r -> Hostile.pick(r, validBytes)),
                weight(8, r -> Hostile.utf8(Hostile.withHostileField(r, Hostile.pick(r, validFields), FIELDS))),
                weight(3, r -> Hostile.mutate(r, Hostile.pick(r, validBytes))),
                weight(1, r -> Hostile.utf8(Hostile.notARecord(r))),
                weight(1, Hostile::bytes));
    }
}
