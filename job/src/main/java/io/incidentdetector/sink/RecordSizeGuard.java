package io.incidentdetector.sink;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.metrics.ThrottledLog;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The last check of a Kafka sink before the producer sees a record. A record larger than the producer's
 * {@code max.request.size} would fail the send, and with it the job, again after every restart: such a record is cut
 * to fit where its kind can be cut (the kept bytes of a dead letter or of an unreadable control record, whose size and
 * hash stay) and otherwise not written. A serializer that throws is treated the same way. Each is counted
 * ({@code records_cut_to_fit}, {@code records_too_large}, {@code records_unwritable}) and logged at most once a
 * minute; this never throws.
 */
public final class RecordSizeGuard<T> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RecordSizeGuard.class);

    /** Room left when cutting, for headers that change with the cut ({@code dead-letter.truncated}). */
    static final int CUT_MARGIN_BYTES = 64;

    /** The same record with about {@code excessBytes} fewer bytes, or null when it cannot be cut. */
    @FunctionalInterface
    public interface Shorter<T> extends Serializable {
        T by(T record, long excessBytes);
    }

    private final KafkaRecordSerializationSchema<T> inner;
    private final String output;
    private final int maxRecordBytes;
    private final Shorter<T> shorter;
    private transient Counter cut;
    private transient Counter tooLarge;
    private transient Counter unwritable;
    private transient ThrottledLog log;

    /**
     * @param output         the output's name, for the log
     * @param maxRecordBytes the producer's {@code max.request.size}
     * @param shorter        how to cut a record of this kind; null if it cannot be cut
     */
    public RecordSizeGuard(KafkaRecordSerializationSchema<T> inner, String output, int maxRecordBytes,
            Shorter<T> shorter) {
        this.inner = inner;
        this.output = output;
        this.maxRecordBytes = maxRecordBytes;
        this.shorter = shorter;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext)
            throws Exception {
        inner.open(context, sinkContext);
        cut = context.getMetricGroup().counter("records_cut_to_fit");
        tooLarge = context.getMetricGroup().counter("records_too_large");
        unwritable = context.getMetricGroup().counter("records_unwritable");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        ensureOpen();
        ProducerRecord<byte[], byte[]> record = attempt(element, context, timestamp);
        if (record == null) {
            return null;
        }
        long size = sizeOf(record);
        if (size <= maxRecordBytes) {
            return record;
        }
        T smaller = shorter == null ? null : shorter.by(element, size - maxRecordBytes + CUT_MARGIN_BYTES);
        ProducerRecord<byte[], byte[]> cutRecord = smaller == null ? null : attempt(smaller, context, timestamp);
        if (cutRecord != null && sizeOf(cutRecord) <= maxRecordBytes) {
            cut.inc();
            log.warn("{}: record {} of {} bytes is above max.request.size ({} bytes); written cut to {} bytes",
                    output, keyOf(record), Shown.count(size), Shown.count(maxRecordBytes),
                    Shown.count(sizeOf(cutRecord)));
            return cutRecord;
        }
        tooLarge.inc();
        log.warn("{}: record {} of {} bytes is above max.request.size ({} bytes) and not written (counted in"
                + " records_too_large). Fix: raise kafka.properties.max.request.size and the topic's"
                + " max.message.bytes", output, keyOf(record), Shown.count(size), Shown.count(maxRecordBytes));
        return null;
    }

    /** What the producer checks against {@code max.request.size}: its own upper bound of the record's size. */
    static int sizeOf(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(RecordBatch.CURRENT_MAGIC_VALUE, CompressionType.NONE,
                record.key(), record.value(), record.headers().toArray());
    }

    private ProducerRecord<byte[], byte[]> attempt(T element, KafkaSinkContext context, Long timestamp) {
        try {
            return inner.serialize(element, context, timestamp);
        } catch (RuntimeException e) {
            unwritable.inc();
            log.warn("{}: a record could not be serialized and is not written (counted in records_unwritable): {}",
                    output, Shown.value(String.valueOf(e)));
            return null;
        }
    }

    private static String keyOf(ProducerRecord<byte[], byte[]> record) {
        return record.key() == null ? "(no key)" : "'" + Shown.value(new String(record.key(), StandardCharsets.UTF_8))
                + "'";
    }

    /** Counters of their own when used without {@link #open} (tests, a caller outside a sink). */
    private void ensureOpen() {
        if (log == null) {
            log = new ThrottledLog(LOG, Duration.ofMinutes(1));
        }
        if (cut == null) {
            cut = new SimpleCounter();
            tooLarge = new SimpleCounter();
            unwritable = new SimpleCounter();
        }
    }

    long tooLarge() {
        ensureOpen();
        return tooLarge.getCount();
    }

    long cutToFit() {
        ensureOpen();
        return cut.getCount();
    }

    long unwritable() {
        ensureOpen();
        return unwritable.getCount();
    }
}
