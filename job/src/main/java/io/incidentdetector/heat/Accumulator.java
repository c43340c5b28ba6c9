package io.incidentdetector.heat;

/**
 * The seed's heat rule: an anomalous window adds its anomaly count, a quiet one subtracts the decay, and the
 * value stays within {@code [0, max]}. Short transients never build up enough heat to cross a threshold.
 */
public final class Accumulator {

    private Accumulator() {}

    public static double next(double current, int anomalyCount, double decay, double max) {
        double next = anomalyCount > 0 ? current + anomalyCount : current - decay;
        return Math.min(max, Math.max(0, next));
    }
}
