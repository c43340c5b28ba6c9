package io.incidentdetector.canary.stats;

/**
 * How much a share (the canary's part of some errors) varies from bin to bin, relative to binomial noise.
 */
public final class Dispersion {

    private Dispersion() {}

    /**
     * From successive differences of the standardised per-bin shares {@code canary[i] / total[i]} around
     * {@code pooled}: about 1 when bins vary only as binomial noise would, larger when rates are noisier.
     * Differences of neighbouring bins, unlike deviations from the pooled share, hardly react to a regression that
     * starts within the bins, which must stay detectable. Bins without events are skipped. Never below 1.
     */
    public static double ofShares(long[] canary, long[] total, double pooled) {
        if (pooled <= 0 || pooled >= 1) {
            return 1;
        }
        double sum = 0;
        int differences = 0;
        Double previous = null;
        for (int i = 0; i < canary.length; i++) {
            long n = total[i];
            if (n == 0) {
                continue;
            }
            double z = ((double) canary[i] / n - pooled) / Math.sqrt(pooled * (1 - pooled) / n);
            if (previous != null) {
                sum += (z - previous) * (z - previous);
                differences++;
            }
            previous = z;
        }
        return differences < 1 ? 1 : Math.max(1, sum / (2.0 * differences));
    }
}
