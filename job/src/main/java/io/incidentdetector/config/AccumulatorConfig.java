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
 * @param direction        which side of the band heats: {@code up} (slower than normal, the default) or {@code both}
 *                         (faster too); a window on the other side counts as quiet
 * @param fullHeatBeyond   how far beyond its band edge a window must be, as a share of the band's half-width on that
 *                         side, to add its whole length of heat; nearer the edge it adds that share of it (0: every
 *                         out-of-band window adds its whole length, as the seed did)
 * @param gapWindows       missing windows in a row (no traffic, a scrape gap) that hold a pair's heat; later ones
 *                         count as quiet
 */
public record AccumulatorConfig(Double decay, Double max, Double defaultThreshold, Duration unit, String direction,
        Double fullHeatBeyond, Integer gapWindows) implements Serializable {

    public static final String UP = "up";
    public static final String BOTH = "both";

    public AccumulatorConfig {
        direction = direction == null ? UP : direction;
        fullHeatBeyond = fullHeatBeyond == null ? 0.5 : fullHeatBeyond;
        gapWindows = gapWindows == null ? 3 : gapWindows;
        decay = decay == null ? 2.0 : decay;
        max = max == null ? 20.0 : max;
        defaultThreshold = defaultThreshold == null ? 6.0 : defaultThreshold;
        unit = unit == null ? Duration.ofSeconds(10) : unit;
    }

    public AccumulatorConfig(Double decay, Double max, Double defaultThreshold) {
        this(decay, max, defaultThreshold, null, null, null, null);
    }

    public AccumulatorConfig(Double decay, Double max, Double defaultThreshold, Duration unit) {
        this(decay, max, defaultThreshold, unit, null, null, null);
    }

    public AccumulatorConfig withGapWindows(int windows) {
        return new AccumulatorConfig(decay, max, defaultThreshold, unit, direction, fullHeatBeyond, windows);
    }

    /** Every setting at its default. */
    public static AccumulatorConfig defaults() {
        return new AccumulatorConfig(null, null, null, null, null, null, null);
    }

    public AccumulatorConfig withEvidence(String newDirection, double newFullHeatBeyond) {
        return new AccumulatorConfig(decay, max, defaultThreshold, unit, newDirection, newFullHeatBeyond, gapWindows);
    }

    /** Heat one anomalous window of {@code window} adds. */
    public double unitsPer(Duration window) {
        return (double) window.toMillis() / unit.toMillis();
    }
}
