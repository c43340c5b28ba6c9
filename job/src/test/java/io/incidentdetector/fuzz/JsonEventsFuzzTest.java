package io.incidentdetector.fuzz;

import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.connectors.kafka.ParsingDeserializer;
import io.incidentdetector.event.ClientErrorJsonParser;
import io.incidentdetector.event.EventTimes;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.InputEventParser;
import io.incidentdetector.event.ServiceCallEventParser;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.util.List;
import java.util.Map;

/**
 * Kafka records of service calls and client errors, read as the job reads them ({@link ParsingDeserializer} with
 * an {@link InputEventParser} per topic: its fast path, then the thorough one): every record is either an event that
 * is valid by the product's rules, and that the thorough parser reads the same, or exactly one failed record with a
 * reason and the original bytes.
 */
class JsonEventsFuzzTest {

    static final String CALLS_TOPIC = "service-calls";
    static final String ERRORS_TOPIC = "client-errors";
    static final String MIXED_TOPIC = "events";

    private final ParsingDeserializer<InputEvent> kafka = new ParsingDeserializer<>(Map.of(
            CALLS_TOPIC, new InputEventParser(true, false),
            ERRORS_TOPIC, new InputEventParser(false, true),
            MIXED_TOPIC, new InputEventParser(true, true)),
            new TypeHint<ParsedRecord<InputEvent>>() {}.getTypeInfo());

    /** Topics of one kind twice as often as the topic of both. */
    static final List<String> CALL_TOPICS = List.of(CALLS_TOPIC, CALLS_TOPIC, MIXED_TOPIC);
    static final List<String> ERROR_TOPICS = List.of(ERRORS_TOPIC, ERRORS_TOPIC, MIXED_TOPIC);

    /** A Kafka record's value on a topic. */
    record KafkaRecord(String topic, byte[] value) {
        @Override
        public String toString() {
            return "on topic " + topic + ", " + Fuzz.describe(value);
        }
    }

    @Test
    void serviceCallRecords(TestInfo test) {
        Generator<byte[]> calls = recordMaker(ValidRecords.CALLS, CALL_FIELDS);
        Fuzz.forAll(test, r -> new KafkaRecord(Hostile.pick(r, CALL_TOPICS), calls.make(r)), this::check)
                .expectAtLeast("parsed", 5).expectAtLeast("refused", 50);
    }

    @Test
    void clientErrorRecords(TestInfo test) {
        Generator<byte[]> errors = recordMaker(ValidRecords.ERRORS, ERROR_FIELDS);
        Fuzz.forAll(test, r -> new KafkaRecord(Hostile.pick(r, ERROR_TOPICS), errors.make(r)), this::check)
                .expectAtLeast("parsed", 5).expectAtLeast("refused", 50);
    }

    private void check(KafkaRecord input, Outcomes outcomes) {
        String topic = input.topic();
        byte[] value = input.value();
        ParsedRecord<InputEvent> record = kafka.parse(topic, 0, 7, value);
        if (record.isValid()) {
            outcomes.add("parsed");
            InputEvent event = record.value();
            ProductRules.check((event.call() == null) != (event.error() == null), "not exactly one kind", event);
            if (event.call() != null) {
                ProductRules.check(!topic.equals(ERRORS_TOPIC), "a call on the errors topic", event);
                ProductRules.call(event.call());
            } else {
                ProductRules.check(!topic.equals(CALLS_TOPIC), "an error on the calls topic", event);
                ProductRules.error(event.error());
            }
            ProductRules.check(record.original() == null && record.error() == null, "both a value and an error",
                    record);
            sameAsThorough(value, event);
        } else {
            outcomes.add("refused");
            ProductRules.reason(record.error());
            ProductRules.check(value == null || record.original() == value, "the original bytes not kept", record);
        }
    }

    /** The fast path only agrees with the rules: the thorough parser must read an accepted record the same. */
    private static void sameAsThorough(byte[] value, InputEvent event) {
        try {
            InputEvent thorough = event.call() != null
                    ? InputEvent.of(ServiceCallEventParser.fromJson(EventTimes.object(strictUtf8(value))))
                    : InputEvent.of(ClientErrorJsonParser.fromJson(EventTimes.object(strictUtf8(value))));
            ProductRules.check(thorough.equals(event), "the fast path read " + event + " but the rules read "
                    + thorough, Hostile.utf8(value));
        } catch (InvalidRecordException e) {
            throw new AssertionError("accepted " + event + ", which the rules refuse: " + e.getMessage() + " in "
                    + abbreviate(Hostile.utf8(value)));
        }
    }

    private static String strictUtf8(byte[] value) throws InvalidRecordException {
        return io.incidentdetector.connectors.file.Utf8Text.strict(value).strip();
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " chars)" : text;
    }

    static final List<String> CALL_FIELDS = List.of("type", "timestamp", "source", "destination", "latencyMs",
            "status");
    static final List<String> ERROR_FIELDS = List.of("type", "timestamp", "build", "code", "client");

    /**
     * Valid records, valid records with one hostile field, mutated bytes, JSON that is no record, random bytes (also
     * the records of the files of {@link LineFilesFuzzTest}).
     */
    static Generator<byte[]> recordMaker(List<String> valid, List<String> fields) {
        List<Map<String, String>> validFields = valid.stream().map(ValidRecords::fields).toList();
        List<byte[]> validBytes = valid.stream().map(Hostile::utf8).toList();
        return r -> {
            int pick = r.nextInt(16);
            if (pick < 2) {
                return Hostile.pick(r, validBytes);
            }
            if (pick < 10) {
                return Hostile.utf8(Hostile.withHostileField(r, Hostile.pick(r, validFields), fields));
            }
            if (pick < 14) {
                return Hostile.mutate(r, Hostile.pick(r, validBytes));
            }
            return pick < 15 ? Hostile.utf8(Hostile.notARecord(r))
                    : Hostile.randomBytes(r, r.nextInt(8) == 0 ? 8192 : 64);
        };
    }
}
