package io.incidentdetector.config;

import java.io.Serializable;

/**
 * @param decay            subtracted from a pair's accumulator for every window that is not anomalous
 * @param max              cap on a pair's accumulator, so recovery time after a long fault is bounded
 * @param defaultThreshold threshold of pairs that do not set their own
 */
public record AccumulatorConfig(Double decay, Double max, Double defaultThreshold) implements Serializable {

    public AccumulatorConfig {
        decay = decay == null ? 2.0 : decay;
        max = max == null ? 20.0 : max;
        defaultThreshold = defaultThreshold == null ? 6.0 : defaultThreshold;
    }

    /** Every setting at its default. */
    public static AccumulatorConfig defaults() {
        return new AccumulatorConfig(null, null, null);
    }
}
