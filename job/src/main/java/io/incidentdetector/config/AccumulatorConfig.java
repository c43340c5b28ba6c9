package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * A pair's heat, counted in units of {@code unit} of out-of-band evidence: an anomalous window adds its length in
 * units (1 at 10-second windows, 6 at 1-minute steps), a quiet one takes {@code decay} times that away. So the
 * thresholds below, and the groups' temperatures, mean the same span of evidence whatever the window.
 *
 * @param decay            how much faster a quiet window cools than an anomalous one heats
 * @param max              cap on a pair's heat, so recovery time after a long fault is bounded
 * @param defaultThreshold heat above which a pair is hot, for pairs that do not set their own
 * @param unit             the evidence one unit of heat stands for
 */
public record AccumulatorConfig(Double decay, Double max, Double defaultThreshold, Duration unit)
        implements Serializable {

    public AccumulatorConfig {
        decay = decay == null ? 2.0 : decay;
        max = max == null ? 20.0 : max;
        defaultThreshold = defaultThreshold == null ? 6.0 : defaultThreshold;
        unit = unit == null ? Duration.ofSeconds(10) : unit;
    }

    public AccumulatorConfig(Double decay, Double max, Double defaultThreshold) {
        this(decay, max, defaultThreshold, null);
    }

    /** Every setting at its default. */
    public static AccumulatorConfig defaults() {
        return new AccumulatorConfig(null, null, null, null);
    }

    /** Heat one anomalous window of {@code window} adds. */
    public double unitsPer(Duration window) {
        return (double) window.toMillis() / unit.toMillis();
    }
}
