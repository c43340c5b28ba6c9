package io.incidentdetector.window;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Window accumulator: a mergeable DDSketch of the latencies seen so far. DDSketch (Datadog's sketches-java,
 * Apache-2.0) is chosen because it gives a relative-error guarantee on every quantile, which is the right error
 * model for latencies spanning milliseconds to seconds, inserts in O(1) without allocating, and merges
 * exactly. Serialized by {@link LatencySketchSerializer}, never by Kryo.
 */
@TypeInfo(LatencySketchTypeInfoFactory.class)
public final class LatencySketch {

    /** 1% relative accuracy: p50 of 8 ms is reported within 0.08 ms. */
    public static final double RELATIVE_ACCURACY = 0.01;

    private final DDSketch sketch;

    public LatencySketch() {
        this(DDSketches.unboundedDense(RELATIVE_ACCURACY));
    }

    LatencySketch(DDSketch sketch) {
        this.sketch = sketch;
    }

    public void add(double latencyMs) {
        sketch.accept(latencyMs);
    }

    public LatencySketch merge(LatencySketch other) {
        sketch.mergeWith(other.sketch);
        return this;
    }

    /** Constant time, unlike {@link #count()}, which sums the sketch's bins. */
    public boolean isEmpty() {
        return sketch.isEmpty();
    }

    public long count() {
        return (long) sketch.getCount();
    }

    /** The value at quantile {@code q} in [0, 1]; NaN when empty. */
    public double quantile(double q) {
        return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
    }

    public LatencySketch copy() {
        return new LatencySketch(sketch.copy());
    }

    DDSketch sketch() {
        return sketch;
    }
}
