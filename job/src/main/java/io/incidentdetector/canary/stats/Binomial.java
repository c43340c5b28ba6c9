package io.incidentdetector.canary.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;

/** Exact one-sided binomial test, for a canary share of traffic that is known (a users ratio). */
public final class Binomial {

    private Binomial() {}

    /** P(X >= k) for X ~ Binomial(n, p). */
    public static double upperTail(long n, long k, double p) {
        if (k <= 0) {
            return 1.0;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many events in one window: " + n);
        }
        BinomialDistribution distribution = new BinomialDistribution(null, (int) n, p);
        return 1 - distribution.cumulativeProbability((int) k - 1);
    }
}
