package io.incidentdetector.pipeline;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Passes records through, counting them in a metric (live, for Prometheus) and in a job accumulator of the same
 * name (read by the local launcher's end-of-run summary).
 */
public final class Counted<T> extends RichMapFunction<T, T> {

    private static final long serialVersionUID = 1L;

    /** How many a record counts for. */
    @FunctionalInterface
    public interface Weight<T> extends java.io.Serializable {
        long of(T value);
    }

    private final String name;
    private final Weight<T> weight;
    private transient Counter metric;
    private transient LongCounter total;

    public Counted(String name) {
        this(name, value -> 1);
    }

    public Counted(String name, Weight<T> weight) {
        this.name = name;
        this.weight = weight;
    }

    @Override
    public void open(OpenContext openContext) {
        metric = getRuntimeContext().getMetricGroup().counter(name);
        // two counters of one name can be chained into one task (e.g. both pipelines' dead letters from one
        // Kafka topic); accumulators are per task, so they share one
        Object existing = getRuntimeContext().getAccumulator(name);
        if (existing instanceof LongCounter shared) {
            total = shared;
        } else {
            total = new LongCounter();
            getRuntimeContext().addAccumulator(name, total);
        }
    }

    @Override
    public T map(T value) {
        long n = weight.of(value);
        metric.inc(n);
        total.add(n);
        return value;
    }
}
