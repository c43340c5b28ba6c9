package io.incidentdetector.scenario;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * Latency series with the shapes of real exported data (minute steps, heavy tails, two levels, histogram-bucket
 * quantisation, drift, daily seasonality, scrape gaps): each shape gives the value at one step, drawn from the
 * series' own {@link Random}; {@code delay} is added to every request of the step (0 when healthy), so a fault on a
 * bucket-quantised edge saturates in the buckets as it does in Prometheus. NaN is a missing point.
 */
public final class SeriesShapes {

    /** Istio's default bucket bounds (ms), 1-2.5-5 per decade. */
    private static final double[] BOUNDS = {0, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    private SeriesShapes() {}

    /** One step's value at event time {@code t} with {@code delay} ms added. */
    public interface Shape {
        double at(long t, double delay, Random random);
    }

    static double noisy(double level, double sigma, Random random) {
        return level * Math.exp(sigma * random.nextGaussian());
    }

    /** Log-normal noise of {@code sigma} around {@code level}. */
    public static Shape plain(double level, double sigma) {
        return (t, delay, r) -> noisy(level, sigma, r) + delay;
    }

    /** Student-t noise (3 degrees of freedom) plus isolated 3-10x spikes at {@code spikeShare} of the steps. */
    public static Shape heavyTailed(double level, double sigma, double spikeShare) {
        return (t, delay, r) -> {
            double chi = 0;
            for (int k = 0; k < 3; k++) {
                double g = r.nextGaussian();
                chi += g * g;
            }
            double y = level * Math.exp(sigma * r.nextGaussian() / Math.sqrt(chi / 3));
            return (r.nextDouble() < spikeShare ? y * (3 + 7 * r.nextDouble()) : y) + delay;
        };
    }

    /** Flips between {@code low} and {@code high} (a cache hit path and a miss path), {@code meanRun} steps a run. */
    public static Shape twoLevels(double low, double high, double highShare, double meanRun, double sigma) {
        boolean[] onHigh = {false};
        return (t, delay, r) -> {
            double leave = 1 / meanRun;
            double enterHigh = leave * highShare / (1 - highShare);
            if (onHigh[0] ? r.nextDouble() < leave : r.nextDouble() < enterHigh) {
                onHigh[0] = !onHigh[0];
            }
            return noisy(onHigh[0] ? high : low, sigma, r) + delay;
        };
    }

    /**
     * The p50 of {@code requests} log-normal calls read from histogram buckets as {@code histogram_quantile}
     * interpolates it: it sits on a few levels.
     */
    public static Shape bucketQuantised(double median, double sigma, int requests) {
        return (t, delay, r) -> bucketP50(requests, r, x -> x + delay, median, sigma);
    }

    static double bucketP50(int requests, Random r, DoubleUnaryOperator delay, double median, double sigma) {
        int[] counts = new int[BOUNDS.length];
        for (int k = 0; k < requests; k++) {
            double latency = delay.applyAsDouble(noisy(median, sigma, r));
            int b = 1;
            while (b < BOUNDS.length - 1 && latency > BOUNDS[b]) {
                b++;
            }
            counts[b]++;
        }
        double rank = 0.5 * requests;
        int below = 0;
        for (int b = 1; b < BOUNDS.length; b++) {
            if (below + counts[b] >= rank) {
                return BOUNDS[b - 1] + (BOUNDS[b] - BOUNDS[b - 1]) * (rank - below) / counts[b];
            }
            below += counts[b];
        }
        return BOUNDS[BOUNDS.length - 1];
    }

    /** A level that grows by {@code factor} every {@code overMillis}, from {@code startMillis}, plus noise. */
    public static Shape drifting(double level, double factor, long startMillis, long overMillis, double sigma) {
        return (t, delay, r) -> noisy(level * Math.pow(factor, (t - startMillis) / (double) overMillis), sigma, r)
                + delay;
    }

    /**
     * A daily curve by wall-clock time (busiest in the afternoon, {@code swing} either way in log units), noise, and
     * scrape gaps of 1-3 points ({@code gapShare} of the points).
     */
    public static Shape seasonalWithGaps(double level, double swing, double sigma, double gapShare) {
        int[] gapLeft = {0};
        return (t, delay, r) -> {
            if (gapLeft[0] > 0 || r.nextDouble() < gapShare / 2) {
                gapLeft[0] = gapLeft[0] > 0 ? gapLeft[0] - 1 : r.nextInt(3);
                return Double.NaN;
            }
            double hourOfDay = Math.floorMod(t, 86_400_000L) / 3_600_000.0;
            double daily = swing * -Math.cos(2 * Math.PI * (hourOfDay - 3) / 24);
            return noisy(level * Math.exp(daily), sigma, r) + delay;
        };
    }
}
