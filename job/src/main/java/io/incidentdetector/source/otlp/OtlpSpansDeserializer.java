package io.incidentdetector.source.otlp;

import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.metrics.RefusedEventTimes;

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

/**
 * One Kafka message of OTLP spans in, one record per service call out, never throwing: a message that is not an
 * OTLP request becomes one failed record with its bytes and the reason; spans that cannot be calls become one
 * failed record per message that says how many and why (the message's other spans are used); with an
 * {@link EventTimeGuard}, so do spans whose end time it refuses (each partition is a split of it). Spans are counted
 * in metrics: read, used, of other kinds, CLIENT spans that name no callee, refused for their time.
 */
public final class OtlpSpansDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord<ServiceCallEvent>> {

    private static final long serialVersionUID = 1L;

    public static final TypeInformation<ParsedRecord<ServiceCallEvent>> TYPE =
            new TypeHint<ParsedRecord<ServiceCallEvent>>() {}.getTypeInfo();

    private final OtlpConfig config;
    private final SpanCalls mapping;
    private final EventTimeGuard guard;
    private transient Counter spans;
    private transient Counter used;
    private transient Counter otherKinds;
    private transient Counter withoutCallee;
    private transient RefusedEventTimes refused;

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
        refused = new RefusedEventTimes(metrics);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord<ServiceCallEvent>> out) {
        String topic = record.topic();
        int partition = record.partition();
        long offset = record.offset();
        byte[] value = record.value();
        if (value == null) {
            out.collect(ParsedRecord.failed(topic, partition, offset, null,
                    "empty record: the value is null (a tombstone?)"));
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
            out.collect(ParsedRecord.ok(topic, partition, offset, call));
        }
        if (result.problems() > 0) {
            out.collect(ParsedRecord.failed(topic, partition, offset, null, result.problemSummary()));
        }
    }

    private void count(SpanCalls.Result result) {
        if (spans == null) {
            spans = new SimpleCounter();
            used = new SimpleCounter();
            otherKinds = new SimpleCounter();
            withoutCallee = new SimpleCounter();
            refused = new RefusedEventTimes(new UnregisteredMetricsGroup());
        }
        spans.inc(result.spans());
        used.inc(result.calls().size());
        otherKinds.inc(result.otherKinds());
        withoutCallee.inc(result.withoutCallee());
    }

    @Override
    public TypeInformation<ParsedRecord<ServiceCallEvent>> getProducedType() {
        return TYPE;
    }
}
