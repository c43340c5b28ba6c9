package io.incidentdetector.source;

import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.metrics.RefusedEventTimes;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Service calls continue; client errors and dead letters leave through side outputs. Watches the brokers
 * meanwhile.
 */
final class SplitKafkaInputs extends ProcessFunction<ParsedRecord<InputEvent>, ServiceCallEvent> {
    private static final long serialVersionUID = 1L;
    private final KafkaOutageWatch watch;
    private transient RefusedEventTimes refused;

    SplitKafkaInputs(KafkaOutageWatch watch) {
        this.watch = watch;
    }

    @Override
    public void open(OpenContext openContext) {
        refused = new RefusedEventTimes(getRuntimeContext().getMetricGroup());
        watch.acquire(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void close() {
        watch.release();
    }

    @Override
    public void processElement(ParsedRecord<InputEvent> record, Context ctx, Collector<ServiceCallEvent> out) {
        if (!record.isValid()) {
            refused.count(record.topic() + "/" + record.partition(), record.error());
            ctx.output(ParsedFiles.DEAD_LETTERS, KafkaSources.deadLetter(record));
        } else if (record.value().call() != null) {
            out.collect(record.value().call());
        } else {
            ctx.output(KafkaSources.CLIENT_ERRORS, record.value().error());
        }
    }
}
