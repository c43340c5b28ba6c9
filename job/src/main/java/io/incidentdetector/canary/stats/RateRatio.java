package io.incidentdetector.canary.stats;

/** Canary error rate over baseline error rate. */
public final class RateRatio {

    private RateRatio() {}

    /**
     * Each count normalised by its build's share of traffic, with half an event added to both counts so that a code
     * absent from one build gives a finite ratio; 1 when the share leaves a build without traffic.
     */
    public static double of(long baseline, long canary, double canaryShare) {
        if (canaryShare <= 0 || canaryShare >= 1) {
            return 1.0;
        }
        return ((canary + 0.5) / canaryShare) / ((baseline + 0.5) / (1 - canaryShare));
    }
}
