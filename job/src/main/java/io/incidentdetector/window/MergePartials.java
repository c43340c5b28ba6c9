package io.incidentdetector.window;

import org.apache.flink.api.common.functions.AggregateFunction;

/** The keyed window's aggregation: merges the parts of a pair's window into one sketch. */
public final class MergePartials implements AggregateFunction<WindowPartial, LatencySketch, LatencySketch> {

    private static final long serialVersionUID = 1L;

    @Override
    public LatencySketch createAccumulator() {
        return new LatencySketch();
    }

    @Override
    public LatencySketch add(WindowPartial partial, LatencySketch sketch) {
        // usually a window has one part (one source subtask, no checkpoint in between): take it as it is
        return sketch.isEmpty() ? partial.sketch() : sketch.merge(partial.sketch());
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
