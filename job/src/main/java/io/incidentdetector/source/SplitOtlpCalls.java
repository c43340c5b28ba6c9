package io.incidentdetector.source;

import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.source.otlp.SpanCall;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Service calls continue; the ends of calls that wait for their other end, and dead letters, leave through side
 * outputs. Watches the brokers meanwhile.
 */
final class SplitOtlpCalls extends ProcessFunction<ParsedRecord<SpanCall>, ServiceCallEvent> {
    private static final long serialVersionUID = 1L;

    static final OutputTag<SpanCall> WAITING = new OutputTag<>("otlp-waiting-ends", TypeInformation.of(SpanCall.class));

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
    public void processElement(ParsedRecord<SpanCall> record, Context ctx, Collector<ServiceCallEvent> out) {
        if (!record.isValid()) {
            ctx.output(ParsedFiles.DEAD_LETTERS, KafkaSources.deadLetter(record));
        } else if (record.value().waits()) {
            ctx.output(WAITING, record.value());
        } else {
            out.collect(record.value().call());
        }
    }
}
