package io.incidentdetector.source.otlp;

import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.metrics.RefusedEventTimes;
import io.incidentdetector.metrics.ThrottledLog;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * One Kafka message of OTLP spans in, one record per service call out, never throwing: a message that is not an
 * OTLP request becomes one failed record with its bytes and the reason; spans that cannot be calls become one
 * failed record per message that says how many and why (the message's other spans are used); with an
 * {@link EventTimeGuard}, so do spans whose end time it refuses (each partition is a split of it). A message larger
 * than {@code otlp.max-message-bytes} is not decoded (one failed record); of one with more spans than
 * {@code otlp.max-spans-per-message} the first are read and the rest are one failed record saying how many. Spans
 * are counted in metrics: read, used, of other kinds, CLIENT spans that name no callee, waiting for their other end
 * ({@link CalleeMatch}), refused for their time, beyond the cap; and messages refused for their size.
 */
public final class OtlpSpansDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord<SpanCall>> {

    private static final long serialVersionUID = 1L;

    public static final TypeInformation<ParsedRecord<SpanCall>> TYPE =
            new TypeHint<ParsedRecord<SpanCall>>() {}.getTypeInfo();

    private final OtlpConfig config;
    private final SpanCalls mapping;
    private final EventTimeGuard guard;
    private transient Counter spans;
    private transient Counter used;
    private transient Counter otherKinds;
    private transient Counter withoutCallee;
    private transient Counter toMatch;
    private transient RefusedEventTimes refused;
    private transient Counter spansRefused;
    private transient Counter messagesRefused;
    private transient ThrottledLog refusals;

    public OtlpSpansDeserializer(OtlpConfig config) {
        this(config, null);
    }

    /** @param guard decides on each span's end time; null accepts every time */
    public OtlpSpansDeserializer(OtlpConfig config, EventTimeGuard guard) {
        this.config = config;
        this.mapping = new SpanCalls(config);
        this.guard = guard;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        MetricGroup metrics = context.getMetricGroup();
        spans = metrics.counter("otlp-spans");
        used = metrics.counter("otlp-spans-used");
        otherKinds = metrics.counter("otlp-spans-other-kinds");
        withoutCallee = metrics.counter("otlp-spans-without-callee");
        toMatch = metrics.counter("otlp-spans-to-match");
        refused = new RefusedEventTimes(metrics);
        spansRefused = metrics.counter("otlp-spans-refused");
        messagesRefused = metrics.counter("otlp-messages-refused");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord<SpanCall>> out) {
        String topic = record.topic();
        int partition = record.partition();
        long offset = record.offset();
        byte[] value = record.value();
        counters();
        if (value == null) {
            out.collect(ParsedRecord.failed(topic, partition, offset, null,
                    "empty record: the value is null (a tombstone?)"));
            return;
        }
        if (value.length > config.maxMessageBytes().getBytes()) {
            String reason = String.format("an OTLP message of %,d bytes is larger than otlp.max-message-bytes (%s):"
                    + " not read. Fix: make the Collector send smaller batches (batch processor send_batch_max_size,"
                    + " exporter producer.max_message_bytes), or raise otlp.max-message-bytes", value.length,
                    config.maxMessageBytes());
            refused(messagesRefused, 1, reason);
            out.collect(ParsedRecord.failed(topic, partition, offset, value, reason));
            return;
        }
        SpanCalls.Result result;
        try {
            result = mapping.map(OtlpMessages.decode(value, config.encoding()),
                    guard == null ? null : guard.split(topic, partition));
        } catch (InvalidRecordException e) {
            out.collect(ParsedRecord.failed(topic, partition, offset, value, e.getMessage()));
            return;
        } catch (RuntimeException e) {
            out.collect(ParsedRecord.failed(topic, partition, offset, value, "unreadable OTLP message: " + e));
            return;
        }
        count(result);
        if (result.refusedTimes() > 0) {
            refused.add(result.refusedTimes(), topic + "/" + partition, result.problemSummary());
        }
        for (ServiceCallEvent call : result.calls()) {
            out.collect(ParsedRecord.ok(topic, partition, offset, SpanCall.whole(call)));
        }
        for (SpanCall end : result.waiting()) {
            out.collect(ParsedRecord.ok(topic, partition, offset, end));
        }
        if (result.problems() > 0) {
            out.collect(ParsedRecord.failed(topic, partition, offset, null, result.problemSummary()));
        }
        if (result.beyondCap() > 0) {
            String reason = result.beyondCapSummary(config.maxSpansPerMessage());
            refused(spansRefused, result.beyondCap(), reason);
            out.collect(ParsedRecord.failed(topic, partition, offset, value, reason));
        }
    }

    private void refused(Counter counter, long n, String reason) {
        counter.inc(n);
        refusals.warn("{}", reason);
    }

    /** Counters that count nowhere when the schema was not opened (tests). */
    private void counters() {
        if (spans == null) {
            spans = new SimpleCounter();
            used = new SimpleCounter();
            otherKinds = new SimpleCounter();
            withoutCallee = new SimpleCounter();
            toMatch = new SimpleCounter();
            refused = new RefusedEventTimes(new UnregisteredMetricsGroup());
            spansRefused = new SimpleCounter();
            messagesRefused = new SimpleCounter();
        }
        if (refusals == null) {
            refusals = new ThrottledLog(LoggerFactory.getLogger(OtlpSpansDeserializer.class), Duration.ofMinutes(1));
        }
    }

    private void count(SpanCalls.Result result) {
        spans.inc(result.spans());
        used.inc(result.calls().size());
        otherKinds.inc(result.otherKinds());
        withoutCallee.inc(result.withoutCallee());
        toMatch.inc(result.waiting().size());
    }

    @Override
    public TypeInformation<ParsedRecord<SpanCall>> getProducedType() {
        return TYPE;
    }
}
