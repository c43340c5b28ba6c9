package io.incidentdetector.window;

import io.incidentdetector.event.ServiceCallEvent;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental window aggregation: each event is one sketch insert; no list of values is kept. */
public final class LatencySketchAggregate implements AggregateFunction<ServiceCallEvent, LatencySketch, LatencySketch> {

    private static final long serialVersionUID = 1L;

    @Override
    public LatencySketch createAccumulator() {
        return new LatencySketch();
    }

    @Override
    public LatencySketch add(ServiceCallEvent event, LatencySketch sketch) {
        sketch.add(event.latencyMs());
        return sketch;
    }

    @Override
    public LatencySketch getResult(LatencySketch sketch) {
        return sketch;
    }

    @Override
    public LatencySketch merge(LatencySketch a, LatencySketch b) {
        return a.merge(b);
    }
}
