package io.incidentdetector.fuzz;

import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.connectors.kafka.ParsingDeserializer;
import io.incidentdetector.event.ClientErrorJsonParser;
import io.incidentdetector.event.EventTimes;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.InputEventParser;
import io.incidentdetector.event.ServiceCallEventParser;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.apache.flink.api.common.typeinfo.TypeHint;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Kafka records of service calls and client errors, read as the job reads them ({@link ParsingDeserializer} with
 * an {@link InputEventParser} per topic: its fast path, then the thorough one): every record is either an event that
 * is valid by the product's rules, and that the thorough parser reads the same, or exactly one failed record with a
 * reason and the original bytes.
 */
@AddLifecycleHook(FuzzSettings.class)
class JsonEventsFuzzTest {

    static final String CALLS_TOPIC = "service-calls";
    static final String ERRORS_TOPIC = "client-errors";
    static final String MIXED_TOPIC = "events";

    private final ParsingDeserializer<InputEvent> kafka = new ParsingDeserializer<>(Map.of(
            CALLS_TOPIC, new InputEventParser(true, false),
            ERRORS_TOPIC, new InputEventParser(false, true),
            MIXED_TOPIC, new InputEventParser(true, true)),
            new TypeHint<ParsedRecord<InputEvent>>() {}.getTypeInfo());

    @Property
    void serviceCallRecords(@ForAll("calls") byte[] value, @ForAll("callTopics") String topic) {
        check(topic, value);
    }

    @Property
    void clientErrorRecords(@ForAll("errors") byte[] value, @ForAll("errorTopics") String topic) {
        check(topic, value);
    }

    private void check(String topic, byte[] value) {
        FuzzSettings.expectOutcomes("parsed", 5, "refused", 50);
        ParsedRecord<InputEvent> record = kafka.parse(topic, 0, 7, value);
        if (record.isValid()) {
            Statistics.collect("parsed");
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
            Statistics.collect("refused");
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

    @Provide
    Arbitrary<String> callTopics() {
        return Arbitraries.of(CALLS_TOPIC, CALLS_TOPIC, MIXED_TOPIC);
    }

    @Provide
    Arbitrary<String> errorTopics() {
        return Arbitraries.of(ERRORS_TOPIC, ERRORS_TOPIC, MIXED_TOPIC);
    }

    static final List<String> CALL_FIELDS = List.of("type", "timestamp", "source", "destination", "latencyMs",
            "status");
    static final List<String> ERROR_FIELDS = List.of("type", "timestamp", "build", "code", "client");

    @Provide
    Arbitrary<byte[]> calls() {
        return records(ValidRecords.CALLS, CALL_FIELDS);
    }

    @Provide
    Arbitrary<byte[]> errors() {
        return records(ValidRecords.ERRORS, ERROR_FIELDS);
    }

    /** Valid records, valid records with one hostile field, mutated bytes, JSON that is no record, random bytes. */
    static Arbitrary<byte[]> records(List<String> valid, List<String> fields) {
        return Arbitraries.randomValue(recordMaker(valid, fields)::apply);
    }

    /** The same as a plain function of the random source, for files of several records. */
    static Function<Random, byte[]> recordMaker(List<String> valid, List<String> fields) {
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
