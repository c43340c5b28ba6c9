package io.incidentdetector.canary.stats;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * One-sided Fisher exact test on the table (this code, all other codes) x (canary, baseline). It weighs the
 * uncertainty of both the code's split and the traffic split, so it is exact for rare codes and still right when
 * one code makes up most of the errors.
 */
public final class FisherExact {

    /** Above this many errors on both sides, the tail uses the normal approximation. */
    public static final long LARGE = 1000;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private FisherExact() {}

    /** The probability, given all four margins, that the canary holds at least {@code canary} of the code's errors. */
    public static double upperTail(long canary, long baseline, long otherCanary, long otherBaseline) {
        if (canary <= 0) {
            return 1.0;
        }
        long population = canary + baseline + otherCanary + otherBaseline;
        long sample = canary + baseline;
        long successes = canary + otherCanary;
        if (sample > LARGE && population - sample > LARGE) {
            // large counts: the normal approximation of the hypergeometric (with continuity correction) is accurate
            // and costs O(1) instead of a sum over thousands of terms
            double mean = (double) sample * successes / population;
            double variance = mean * (population - successes) / population * (population - sample) / (population - 1);
            return variance <= 0 ? (canary > mean ? 0.0 : 1.0)
                    : 1 - STANDARD_NORMAL.cumulativeProbability((canary - 0.5 - mean) / Math.sqrt(variance));
        }
        if (population > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many events in one window: " + population);
        }
        return exactUpperTail((int) population, (int) successes, (int) sample, (int) canary);
    }

    /**
     * P(X >= k) for X hypergeometric: one term from commons-math, the rest by the ratio of consecutive terms, which
     * costs a few multiplications each instead of three logarithms. Below the mode the upper tail is one minus the
     * lower, summed downwards, so a start term too small for a double never loses the bulk of the mass.
     */
    static double exactUpperTail(int population, int successes, int sample, int k) {
        int lowest = Math.max(0, sample - (population - successes));
        int highest = Math.min(successes, sample);
        if (k <= lowest) {
            return 1.0;
        }
        if (k > highest) {
            return 0.0;
        }
        HypergeometricDistribution d = new HypergeometricDistribution(null, population, successes, sample);
        double mode = (sample + 1.0) * (successes + 1.0) / (population + 2.0);
        if (k >= mode) {
            double term = Math.exp(d.logProbability(k));
            double sum = 0;
            for (int x = k; x <= highest && term > 0; x++) {
                sum += term;
                // P(x + 1) / P(x)
                term *= (double) (successes - x) * (sample - x) / ((x + 1.0) * (population - successes - sample + x + 1.0));
            }
            return Math.min(1.0, sum);
        }
        double term = Math.exp(d.logProbability(k - 1));
        double sum = 0;
        for (int x = k - 1; x >= lowest && term > 0; x--) {
            sum += term;
            // P(x - 1) / P(x)
            term *= x * (population - successes - sample + (double) x) / ((successes - x + 1.0) * (sample - x + 1.0));
        }
        return Math.max(0.0, 1.0 - sum);
    }
}
