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
        HypergeometricDistribution distribution = new HypergeometricDistribution(null, (int) population,
                (int) (canary + otherCanary), (int) (canary + baseline));
        return distribution.upperCumulativeProbability((int) canary);
    }
}
