package io.incidentdetector.connectors.kafka;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SerializersTest {

    record Thing(String id, Instant at, double value) {}

    static final Instant T = Instant.parse("2026-01-01T00:12:00Z");

    @Test
    void jsonRecordsAreKeyedAndStampedWithTheirEventTime() {
        JsonRecordSerializer<Thing> serializer = new JsonRecordSerializer<>("things", Thing::id, Thing::at);
        ProducerRecord<byte[], byte[]> r = serializer.serialize(new Thing("t-1", T, 2.5), null, 99L);
        assertThat(r.topic()).isEqualTo("things");
        assertThat(text(r.key())).isEqualTo("t-1");
        assertThat(r.timestamp()).isEqualTo(T.toEpochMilli());
        assertThat(text(r.value())).isEqualTo("{\"id\":\"t-1\",\"at\":\"2026-01-01T00:12:00Z\",\"value\":2.5}");
    }

    @Test
    void aDeadLetterGoesBackAsTheOriginalBytesWithItsStoryInHeaders() {
        byte[] original = {(byte) 0xC3, (byte) 0x28, '{'};
        DeadLetter letter = new DeadLetter("calls", 2, 41L, "\uFFFD({", "not UTF-8 text", null, original);
        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("dead").serialize(letter, null, null);
        assertThat(r.topic()).isEqualTo("dead");
        assertThat(r.value()).isEqualTo(original);
        assertThat(text(r.key())).isEqualTo("calls/2/41");
        assertThat(r.timestamp()).isNull();
        assertThat(header(r, DeadLetterSerializer.REASON)).isEqualTo("not UTF-8 text");
        assertThat(header(r, DeadLetterSerializer.ORIGIN)).isEqualTo("calls");
        assertThat(header(r, DeadLetterSerializer.PARTITION)).isEqualTo("2");
        assertThat(header(r, DeadLetterSerializer.POSITION)).isEqualTo("41");
    }

    @Test
    void aDeadLetterFromAFileCarriesItsLineAsText() {
        DeadLetter letter = new DeadLetter("/data/events.jsonl", 7, "{oops", "not JSON", T);
        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("dead").serialize(letter, null, null);
        assertThat(text(r.value())).isEqualTo("{oops");
        assertThat(text(r.key())).isEqualTo("/data/events.jsonl/7");
        assertThat(r.headers().lastHeader(DeadLetterSerializer.PARTITION)).isNull();
        assertThat(header(r, DeadLetterSerializer.SEEN_AT)).isEqualTo("2026-01-01T00:12:00Z");
        assertThat(r.timestamp()).isEqualTo(T.toEpochMilli());
    }

    @Test
    void aBoundedDeadLetterTellsTheSizeAndHashOfTheWholeOriginalInHeaders() {
        byte[] original = ("{\"latencyMs\":\"" + "a".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetterBounds(64 * 1024).apply(new DeadLetter("calls", 2, 41L,
                new String(original, StandardCharsets.UTF_8), "'latencyMs' must be a number", null, original));
        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("dead").serialize(letter, null, null);
        assertThat(r.value()).hasSize(64 * 1024);
        assertThat(header(r, DeadLetterSerializer.ORIGINAL_SIZE)).isEqualTo(Integer.toString(original.length));
        assertThat(header(r, DeadLetterSerializer.ORIGINAL_SHA256)).isEqualTo(DeadLetterBounds.sha256(original));
        assertThat(header(r, DeadLetterSerializer.TRUNCATED)).isEqualTo("true");
        DeadLetter small = new DeadLetterBounds(64 * 1024).apply(new DeadLetter("calls", 2, 42L, "{", "not JSON", null,
                new byte[] {'{'}));
        ProducerRecord<byte[], byte[]> whole = new DeadLetterSerializer("dead").serialize(small, null, null);
        assertThat(header(whole, DeadLetterSerializer.TRUNCATED)).isEqualTo("false");
    }

    /** What {@link DeadLetterBounds#KAFKA_OVERHEAD_BYTES} promises: reason and origin at their caps, 3 bytes a char. */
    @Test
    void aBoundedDeadLetterTakesAtMostItsPayloadAndTheOverheadOnKafka() {
        int max = 64 * 1024;
        byte[] original = new byte[1_000_000];
        Arrays.fill(original, (byte) 'x');
        DeadLetter letter = new DeadLetterBounds(max).apply(new DeadLetter("\u20ac".repeat(5_000), Integer.MAX_VALUE,
                Long.MAX_VALUE, null, "\u20ac".repeat(600_000), Instant.ofEpochMilli(Long.MAX_VALUE), original));
        ProducerRecord<byte[], byte[]> r = new DeadLetterSerializer("dead").serialize(letter, null, null);
        int size = AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                r.key(), r.value(), r.headers().toArray());
        assertThat(size).isLessThanOrEqualTo(max + DeadLetterBounds.KAFKA_OVERHEAD_BYTES)
                .isGreaterThan(max + DeadLetterBounds.KAFKA_OVERHEAD_BYTES / 2);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return text(r.headers().lastHeader(name).value());
    }
}
