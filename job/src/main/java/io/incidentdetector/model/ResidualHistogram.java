package io.incidentdetector.model;

/**
 * The distribution of a pair's log residuals ({@code ln y - ln prediction}) as a decaying histogram in a fixed
 * {@code float[]}: fine bins near 0 (0.3% wide), wider ones in the tails (10% at a factor of 2), on an
 * {@code asinh} scale up to a factor of 20 either way; beyond that the last bins hold the rest. A band edge read
 * from it is accurate to about a bin, which is all a band needs, and 77 floats keep a pair's state small.
 *
 * <p>Older residuals fade: each new one weighs {@code 1/decay} times the previous, so the weight of a residual halves
 * over the model's memory. The decay is applied lazily (a growing increment, rescaled now and then), so an update
 * costs one add.
 */
public final class ResidualHistogram {

    /** Bins either side of 0. */
    static final int HALF = 38;
    public static final int BINS = 2 * HALF + 1;
    private static final double SCALE = 0.02;
    private static final double STEP = 0.15;
    private static final double RESCALE_ABOVE = 1e12;

    private ResidualHistogram() {}

    static int bin(double residual) {
        int i = (int) Math.round(asinh(residual / SCALE) / STEP) + HALF;
        return Math.max(0, Math.min(BINS - 1, i));
    }

    /** Lower edge of bin {@code i} in residual units. */
    static double lowerEdge(int i) {
        return SCALE * Math.sinh((i - HALF - 0.5) * STEP);
    }

    static double upperEdge(int i) {
        return SCALE * Math.sinh((i - HALF + 0.5) * STEP);
    }

    /**
     * Adds {@code residual} with the current increment and returns the next increment ({@code increment / decay}),
     * rescaling the bins when it grows large.
     */
    static float add(float[] bins, float increment, double residual, double decay) {
        bins[bin(residual)] += increment;
        return grow(bins, increment, decay);
    }

    /** Adds {@code weight} (in units of one fresh residual) spread over the bins by a normal distribution. */
    static void addNormal(float[] bins, float increment, double sigma, double weight) {
        if (!(sigma > 0)) {
            bins[HALF] += (float) (weight * increment);
            return;
        }
        org.apache.commons.math3.distribution.NormalDistribution normal =
                new org.apache.commons.math3.distribution.NormalDistribution(0, sigma);
        for (int i = 0; i < BINS; i++) {
            double lo = i == 0 ? Double.NEGATIVE_INFINITY : lowerEdge(i);
            double hi = i == BINS - 1 ? Double.POSITIVE_INFINITY : upperEdge(i);
            bins[i] += (float) (weight * increment * (normal.cumulativeProbability(hi) - normal.cumulativeProbability(lo)));
        }
    }

    private static float grow(float[] bins, float increment, double decay) {
        double next = increment / decay;
        if (next > RESCALE_ABOVE) {
            for (int i = 0; i < bins.length; i++) {
                bins[i] = (float) (bins[i] / next);
            }
            next = 1;
        }
        return (float) next;
    }

    /** A quantile read in the last bin: the residuals reach beyond what the histogram measures. */
    static boolean inLastBin(double quantile) {
        return quantile >= lowerEdge(BINS - 1);
    }

    /** A quantile read in the first bin. */
    static boolean inFirstBin(double quantile) {
        return quantile <= upperEdge(0);
    }

    static double total(float[] bins) {
        double total = 0;
        for (float b : bins) {
            total += b;
        }
        return total;
    }

    /**
     * The residual below which a share {@code p} of the weight lies, interpolated inside its bin; {@code total} is the
     * bins' sum, taken once for both band edges.
     */
    static double quantile(float[] bins, double p, double total) {
        if (!(total > 0)) {
            return 0;
        }
        double target = p * total;
        double cumulative = 0;
        for (int i = 0; i < bins.length; i++) {
            if (bins[i] <= 0) {
                continue;
            }
            if (cumulative + bins[i] >= target) {
                double share = (target - cumulative) / bins[i];
                return lowerEdge(i) + share * (upperEdge(i) - lowerEdge(i));
            }
            cumulative += bins[i];
        }
        return upperEdge(bins.length - 1);
    }

    private static double asinh(double x) {
        return Math.log(x + Math.sqrt(x * x + 1));
    }
}
