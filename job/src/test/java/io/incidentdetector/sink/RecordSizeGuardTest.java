package io.incidentdetector.sink;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.connectors.kafka.DeadLetterSerializer;
import io.incidentdetector.connectors.kafka.JsonRecordSerializer;
import io.incidentdetector.control.ControlAudit;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordSizeGuardTest {

    static final int MAX = 10_000;
    static final Instant T = Instant.parse("2026-01-01T00:05:00Z");

    record Thing(String id, String text) {}

    @Test
    void aRecordWithinTheLimitPassesUnchanged() {
        RecordSizeGuard<Thing> guard = new RecordSizeGuard<>(things(), "things", MAX, null);
        ProducerRecord<byte[], byte[]> r = guard.serialize(new Thing("t-1", "small"), null, null);
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"t-1\",\"text\":\"small\"}");
        assertThat(RecordSizeGuard.sizeOf(r)).isLessThan(MAX);
        assertThat(guard.tooLarge()).isZero();
    }

    @Test
    void aRecordThatCannotBeCutIsNotWrittenAndCounted() {
        RecordSizeGuard<Thing> guard = new RecordSizeGuard<>(things(), "things", MAX, null);
        assertThat(guard.serialize(new Thing("t-2", "x".repeat(MAX)), null, null)).isNull();
        assertThat(guard.serialize(new Thing("t-3", "x".repeat(MAX)), null, null)).isNull();
        assertThat(guard.tooLarge()).isEqualTo(2);
        assertThat(guard.serialize(new Thing("t-4", "fits"), null, null)).isNotNull();
    }

    @Test
    void aDeadLetterTooLargeForTheProducerIsCutFurtherKeepingItsSizeAndHash() {
        byte[] original = "y".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetterBounds(64 * 1024).apply(
                new DeadLetter("calls", 0, 9L, null, "not JSON", T, original));
        RecordSizeGuard<DeadLetter> guard = new RecordSizeGuard<>(new DeadLetterSerializer("dead"), "dead-letters",
                MAX, DeadLetterBounds::shorter);
        ProducerRecord<byte[], byte[]> r = guard.serialize(letter, null, null);
        assertThat(RecordSizeGuard.sizeOf(r)).isLessThanOrEqualTo(MAX).isGreaterThan(MAX - 1_000);
        assertThat(header(r, DeadLetterSerializer.ORIGINAL_SIZE)).isEqualTo("50000");
        assertThat(header(r, DeadLetterSerializer.ORIGINAL_SHA256)).isEqualTo(DeadLetterBounds.sha256(original));
        assertThat(header(r, DeadLetterSerializer.TRUNCATED)).isEqualTo("true");
        assertThat(guard.cutToFit()).isOne();
        assertThat(guard.tooLarge()).isZero();
    }

    @Test
    void anUnreadableControlRecordTooLargeIsCutFurther() {
        ControlAudit audit = ControlAudit.unreadable("control-0-1", T, "not JSON", "{\u0001".repeat(20_000))
                .bounded(new DeadLetterBounds(64 * 1024));
        RecordSizeGuard<ControlAudit> guard = new RecordSizeGuard<>(new JsonRecordSerializer<>("audit",
                ControlAudit::id, ControlAudit::at), "control-audit", MAX, ControlAudit::shorter);
        ProducerRecord<byte[], byte[]> r = guard.serialize(audit, null, null);
        assertThat(RecordSizeGuard.sizeOf(r)).isLessThanOrEqualTo(MAX);
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"originalSize\":40000")
                .contains("\"truncated\":true");
        // an audit record without text cannot be cut: it is not written
        ControlAudit rejected = new ControlAudit("c-1", T, "silence", null, ControlAudit.REJECTED, "r".repeat(MAX),
                null, null);
        assertThat(guard.serialize(rejected, null, null)).isNull();
        assertThat(guard.tooLarge()).isOne();
    }

    @Test
    void aSerializerThatThrowsDoesNotFailTheSink() {
        RecordSizeGuard<Thing> guard = new RecordSizeGuard<>((thing, context, timestamp) -> {
            throw new IllegalStateException("cannot encode " + thing.id());
        }, "things", MAX, null);
        assertThat(guard.serialize(new Thing("t-5", "x"), null, null)).isNull();
        assertThat(guard.unwritable()).isOne();
    }

    @Test
    void itsCountersAreMetricsOfTheSink() throws Exception {
        Map<String, Counter> counters = new HashMap<>();
        MetricGroup group = new UnregisteredMetricsGroup() {
            @Override
            public Counter counter(String name) {
                return counters.computeIfAbsent(name, n -> new SimpleCounter());
            }
        };
        RecordSizeGuard<Thing> guard = new RecordSizeGuard<>(things(), "things", MAX, null);
        guard.open(new SerializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return group;
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
            }
        }, null);
        guard.serialize(new Thing("t-6", "x".repeat(MAX)), null, null);
        assertThat(counters).containsOnlyKeys("records_cut_to_fit", "records_too_large", "records_unwritable");
        assertThat(counters.get("records_too_large").getCount()).isOne();
    }

    static JsonRecordSerializer<Thing> things() {
        return new JsonRecordSerializer<>("things", Thing::id, t -> T);
    }

    static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
