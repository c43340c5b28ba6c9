package io.incidentdetector.canary.stats;

/**
 * How many standard deviations the canary's errors lie above what traffic predicts. Unlike a ratio, a score stays
 * near 0 for a code seen once or twice, so a heatmap of it shows evidence.
 */
public final class StandardScores {

    private StandardScores() {}

    /** The canary's count against its known share of traffic; 0 without errors. */
    public static double givenShare(long baseline, long canary, double canaryShare) {
        long n = baseline + canary;
        if (n == 0 || canaryShare <= 0 || canaryShare >= 1) {
            return 0;
        }
        return (canary - n * canaryShare) / Math.sqrt(n * canaryShare * (1 - canaryShare));
    }

    /**
     * The canary's share of this code against its share of the other codes (the two-proportion z score); 0 without
     * errors of the code or of the other codes.
     */
    public static double twoProportion(long canary, long baseline, long otherCanary, long otherBaseline) {
        long n = canary + baseline;
        long m = otherCanary + otherBaseline;
        if (n == 0 || m == 0) {
            return 0;
        }
        double pooled = (double) (canary + otherCanary) / (n + m);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / m));
        return se == 0 ? 0 : ((double) canary / n - (double) otherCanary / m) / se;
    }
}
