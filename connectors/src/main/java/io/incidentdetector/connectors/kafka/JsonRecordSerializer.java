package io.incidentdetector.connectors.kafka;

import io.incidentdetector.connectors.json.JsonCodec;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes each record as a JSON value (the same dialect as the JSON-lines files) under a key chosen by the caller,
 * stamped with the record's own event time rather than the time it was written.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    /** The Kafka key of a record, e.g. an incident id so that a compacted topic keeps each incident's latest state. */
    @FunctionalInterface
    public interface KeyOf<T> extends Serializable {
        String of(T record);
    }

    /** The event time a record is stamped with; null leaves it to the producer. */
    @FunctionalInterface
    public interface TimeOf<T> extends Serializable {
        Instant of(T record);
    }

    private final String topic;
    private final KeyOf<T> key;
    private final TimeOf<T> time;

    public JsonRecordSerializer(String topic, KeyOf<T> key, TimeOf<T> time) {
        this.topic = topic;
        this.key = key;
        this.time = time;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.of(element);
        Instant t = time.of(element);
        try {
            return new ProducerRecord<>(topic, null, t == null ? null : t.toEpochMilli(),
                    k == null ? null : k.getBytes(StandardCharsets.UTF_8), JsonCodec.mapper().writeValueAsBytes(element));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + element + " as JSON", e);
        }
    }
}
