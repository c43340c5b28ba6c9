package io.incidentdetector.window;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.time.Instant;

/** Reads the configured quantile from the window's sketch once the window fires. */
public final class EmitWindowStats extends ProcessWindowFunction<LatencySketch, WindowStats, String, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private final double quantile;

    public EmitWindowStats(double quantile) {
        this.quantile = quantile;
    }

    @Override
    public void process(String pair, Context context, Iterable<LatencySketch> sketches, Collector<WindowStats> out) {
        LatencySketch sketch = sketches.iterator().next();
        TimeWindow window = context.window();
        out.collect(new WindowStats(
                pair,
                Instant.ofEpochMilli(window.getStart()),
                Instant.ofEpochMilli(window.getEnd()),
                sketch.count(),
                sketch.quantile(quantile)));
    }
}
