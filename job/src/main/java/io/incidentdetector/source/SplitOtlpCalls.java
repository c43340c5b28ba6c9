package io.incidentdetector.source;

import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ServiceCallEvent;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Service calls continue; dead letters leave through a side output. Watches the brokers meanwhile. */
final class SplitOtlpCalls extends ProcessFunction<ParsedRecord<ServiceCallEvent>, ServiceCallEvent> {
    private static final long serialVersionUID = 1L;
    private final KafkaOutageWatch watch;

    SplitOtlpCalls(KafkaOutageWatch watch) {
        this.watch = watch;
    }

    @Override
    public void open(OpenContext openContext) {
        watch.acquire(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void close() {
        watch.release();
    }

    @Override
    public void processElement(ParsedRecord<ServiceCallEvent> record, Context ctx,
            Collector<ServiceCallEvent> out) {
        if (record.isValid()) {
            out.collect(record.value());
        } else {
            ctx.output(ParsedFiles.DEAD_LETTERS, KafkaSources.deadLetter(record));
        }
    }
}
