package io.incidentdetector.connectors.kafka;

import io.incidentdetector.connectors.json.JsonLineEncoder;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes each record as a JSON value (the same dialect as the JSON-lines files, or the encoder given) under a key
 * chosen by the caller, stamped with the record's own event time rather than the time it was written.
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
    private final JsonLineEncoder<T> encoder;

    public JsonRecordSerializer(String topic, KeyOf<T> key, TimeOf<T> time) {
        this(topic, key, time, JsonLineEncoder.jackson());
    }

    public JsonRecordSerializer(String topic, KeyOf<T> key, TimeOf<T> time, JsonLineEncoder<T> encoder) {
        this.topic = topic;
        this.key = key;
        this.time = time;
        this.encoder = encoder;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.of(element);
        Instant t = time.of(element);
        return new ProducerRecord<>(topic, null, t == null ? null : t.toEpochMilli(),
                k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                encoder.encode(element).getBytes(StandardCharsets.UTF_8));
    }
}
