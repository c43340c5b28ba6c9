package io.incidentdetector.model;

import io.incidentdetector.scenario.SeriesShapes;

import java.util.Random;

/**
 * Latency series built to have one shape of real exported data each (see docs/real-data-shapes in the shared
 * notes): minute or 10-second steps, a seed per series, NaN for a missing point.
 */
final class SyntheticSeries {

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    /** A Monday, midnight UTC. */
    static final long START = 1_767_571_200_000L;

    final long[] times;
    final double[] values;

    private SyntheticSeries(long[] times, double[] values) {
        this.times = times;
        this.values = values;
    }

    static SyntheticSeries of(long step, long length, long seed, SeriesShapes.Shape shape) {
        int n = (int) (length / step);
        long[] times = new long[n];
        double[] values = new double[n];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            times[i] = START + i * step;
            values[i] = shape.at(times[i], 0, random);
        }
        return new SyntheticSeries(times, values);
    }

    /** Log-normal noise of {@code sigma} around {@code level}. */
    static double noisy(double level, double sigma, Random random) {
        return level * Math.exp(sigma * random.nextGaussian());
    }

    static SeriesShapes.Shape heavyTailed(double level, double sigma, double spikeShare) {
        return SeriesShapes.heavyTailed(level, sigma, spikeShare);
    }

    static SeriesShapes.Shape twoLevels(double low, double high, double highShare, double meanRun, double sigma) {
        return SeriesShapes.twoLevels(low, high, highShare, meanRun, sigma);
    }

    static SeriesShapes.Shape bucketQuantised(double median, double sigma, int requests) {
        return SeriesShapes.bucketQuantised(median, sigma, requests);
    }

    static SeriesShapes.Shape drifting(double level, double factor, long over, double sigma) {
        return SeriesShapes.drifting(level, factor, START, over, sigma);
    }

    static SeriesShapes.Shape seasonalWithGaps(double level, double swing, double sigma, double gapShare) {
        return SeriesShapes.seasonalWithGaps(level, swing, sigma, gapShare);
    }
}
