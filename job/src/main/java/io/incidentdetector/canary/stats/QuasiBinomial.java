package io.incidentdetector.canary.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Real error counts are often noisier than Poisson. When the measured dispersion of the canary's share exceeds 1,
 * the p-value is the larger of the exact one and a quasi-binomial t test whose variance carries that dispersion
 * (Student's t, as the dispersion is estimated from few bins); otherwise it is the exact one. Without this a common
 * code with a noisy rate alerts by chance.
 */
public final class QuasiBinomial {

    private QuasiBinomial() {}

    /**
     * Against a known share of traffic (a users ratio), which carries no noise of its own.
     *
     * @param exact      the exact p-value
     * @param dispersion of the code's canary share
     * @param degrees    degrees of freedom: bins with data - 1, at least 1
     */
    public static double pValueGivenShare(double exact, long canary, long n, double share, double dispersion,
            int degrees) {
        if (!(dispersion > 1)) {
            return exact;
        }
        return Math.max(exact, upperTail(canary, n, share, dispersion, degrees));
    }

    /**
     * Against a share measured from {@code m} other errors: the variance adds the dispersion of that traffic split,
     * weighted by {@code n / m}, so that noise in the other codes must not look like a regression either.
     *
     * @param dispersion        of the code's canary share
     * @param trafficDispersion of the canary's share of the other codes
     */
    public static double pValueMeasuredShare(double exact, long canary, long n, double share, double dispersion,
            double trafficDispersion, long m, int degrees) {
        if (!(dispersion > 1 || trafficDispersion > 1)) {
            return exact;
        }
        return Math.max(exact, upperTail(canary, n, share, dispersion + trafficDispersion * (double) n / m, degrees));
    }

    /** P(T >= t) for the canary's excess over {@code n * share}, its binomial variance scaled by {@code inflation}. */
    static double upperTail(long canary, long n, double share, double inflation, int degrees) {
        double variance = n * share * (1 - share) * inflation;
        double t = (canary - n * share) / Math.sqrt(variance);
        return 1 - new TDistribution(null, degrees).cumulativeProbability(t);
    }
}
