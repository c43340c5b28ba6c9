package io.incidentdetector.connectors.kafka;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.file.LineParser;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns every Kafka record value into a {@link ParsedRecord}, never throwing: a null value, bytes that are not
 * UTF-8 and anything the topic's parser rejects become failed records with the reason and the original bytes.
 * Each topic has its own parser, so one source can read topics that carry different kinds of events. With an
 * {@link EventTimeGuard}, a record whose event time the guard refuses (per partition) fails too, with its reason.
 */
public final class ParsingDeserializer<T> implements KafkaRecordDeserializationSchema<ParsedRecord<T>> {

    private static final long serialVersionUID = 1L;

    private final Map<String, LineParser<T>> parsers;
    private final TypeInformation<ParsedRecord<T>> type;
    private final EventTimeGuard guard;
    private final EventTimeGuard.TimeOf<T> timeOf;

    public ParsingDeserializer(Map<String, LineParser<T>> parsersByTopic, TypeInformation<ParsedRecord<T>> type) {
        this(parsersByTopic, type, null, null);
    }

    /** @param guard decides on each parsed record's event time ({@code timeOf}); null accepts every time */
    public ParsingDeserializer(Map<String, LineParser<T>> parsersByTopic, TypeInformation<ParsedRecord<T>> type,
            EventTimeGuard guard, EventTimeGuard.TimeOf<T> timeOf) {
        this.parsers = new HashMap<>(parsersByTopic);
        this.type = type;
        this.guard = guard;
        this.timeOf = timeOf;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord<T>> out) {
        out.collect(parse(record.topic(), record.partition(), record.offset(), record.value()));
    }

    /** One record value, as {@link #deserialize} reads it. */
    public ParsedRecord<T> parse(String topic, int partition, long offset, byte[] value) {
        if (value == null) {
            return ParsedRecord.failed(topic, partition, offset, null, "empty record: the value is null (a tombstone?)");
        }
        LineParser<T> parser = parsers.get(topic);
        if (parser == null) {
            return ParsedRecord.failed(topic, partition, offset, value, "no parser for topic '" + topic + "'");
        }
        try {
            T parsed = parser.parse(value);
            String refusal = guard == null ? null : guard.split(topic, partition).refusal(timeOf.of(parsed));
            return refusal == null ? ParsedRecord.ok(topic, partition, offset, parsed)
                    : ParsedRecord.failed(topic, partition, offset, value, refusal);
        } catch (InvalidRecordException e) {
            return ParsedRecord.failed(topic, partition, offset, value, e.getMessage());
        } catch (RuntimeException e) {
            return ParsedRecord.failed(topic, partition, offset, value, "unreadable record: " + e);
        }
    }

    @Override
    public TypeInformation<ParsedRecord<T>> getProducedType() {
        return type;
    }
}
