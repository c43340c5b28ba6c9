package io.incidentdetector.connectors.kafka;

import io.incidentdetector.connectors.deadletter.DeadLetter;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * Writes a dead letter back to Kafka as the rejected record was: the value is the original bytes (up to
 * {@code dead-letters.max-payload}; unchanged below it), so it can be fixed and replayed; where it came from and why
 * it was rejected travel in headers (the convention of Kafka Connect's dead-letter queues), with the size and
 * SHA-256 of the whole original and whether the value is cut. The key is {@code topic/partition/offset} of the
 * original.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    public static final String REASON = "dead-letter.reason";
    public static final String ORIGIN = "dead-letter.origin";
    public static final String PARTITION = "dead-letter.partition";
    public static final String POSITION = "dead-letter.offset";
    public static final String SEEN_AT = "dead-letter.seen-at";
    public static final String ORIGINAL_SIZE = "dead-letter.original-size";
    public static final String ORIGINAL_SHA256 = "dead-letter.original-sha256";
    public static final String TRUNCATED = "dead-letter.truncated";

    private final String topic;

    public DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(letter.reason()));
        headers.add(ORIGIN, utf8(letter.origin()));
        if (letter.partition() != null) {
            headers.add(PARTITION, utf8(letter.partition().toString()));
        }
        headers.add(POSITION, utf8(Long.toString(letter.position())));
        if (letter.seenAt() != null) {
            headers.add(SEEN_AT, utf8(letter.seenAt().toString()));
        }
        if (letter.originalSize() != null) {
            headers.add(ORIGINAL_SIZE, utf8(letter.originalSize().toString()));
        }
        if (letter.sha256() != null) {
            headers.add(ORIGINAL_SHA256, utf8(letter.sha256()));
        }
        if (letter.truncated() != null) {
            headers.add(TRUNCATED, utf8(letter.truncated().toString()));
        }
        byte[] value = letter.original() != null ? letter.original()
                : letter.payload() == null ? null : utf8(letter.payload());
        String key = letter.origin() + (letter.partition() == null ? "" : "/" + letter.partition()) + "/"
                + letter.position();
        return new ProducerRecord<>(topic, null, letter.seenAt() == null ? null : letter.seenAt().toEpochMilli(),
                utf8(key), value, headers);
    }

    private static byte[] utf8(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
