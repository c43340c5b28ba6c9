package io.incidentdetector.model;

import java.util.Arrays;

/**
 * One pair's training points while its baseline is fitted, in primitive arrays (16 bytes a point), at most
 * {@code latency.model.max-training-points}: beyond it each new point replaces the oldest, so the most recent are
 * kept (points come in time order, from a file or from Prometheus).
 */
public final class TrainingPoints {

    private final int max;
    private long[] times;
    private double[] values;
    /** Where the oldest point is, once the arrays are full and wrap around. */
    private int oldest;
    private int size;
    private long dropped;

    public TrainingPoints(int max) {
        this.max = max;
        this.times = new long[Math.min(64, max)];
        this.values = new double[times.length];
    }

    public void add(long time, double value) {
        if (size < max) {
            if (size == times.length) {
                int capacity = (int) Math.min(max, 2L * size);
                times = Arrays.copyOf(times, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            times[size] = time;
            values[size] = value;
            size++;
            return;
        }
        times[oldest] = time;
        values[oldest] = value;
        oldest = (oldest + 1) % max;
        dropped++;
    }

    public int size() {
        return size;
    }

    /** Points left out for the cap: the oldest. */
    public long dropped() {
        return dropped;
    }

    /** The baseline fitted from the points kept. */
    public OnlineBaseline train(BaselineTrainer trainer) {
        return trainer.train(times(), values());
    }

    /** The times of the points kept, oldest first. */
    public long[] times() {
        long[] out = new long[size];
        System.arraycopy(times, oldest, out, 0, size - oldest);
        System.arraycopy(times, 0, out, size - oldest, oldest);
        return out;
    }

    /** The values of the points kept, in the order of {@link #times}. */
    public double[] values() {
        double[] out = new double[size];
        System.arraycopy(values, oldest, out, 0, size - oldest);
        System.arraycopy(values, 0, out, size - oldest, oldest);
        return out;
    }
}
