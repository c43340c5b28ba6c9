package io.incidentdetector.config;

import org.apache.flink.util.TimeUtils;

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
 * @param direction        which side of the band heats
 * @param fullHeatBeyond   how far beyond its band edge a window must be, as a share of the band's half-width on that
 *                         side, to add its whole length of heat; nearer the edge it adds that share of it (0: every
 *                         out-of-band window adds its whole length, as the seed did)
 * @param gapWindows       missing windows in a row (no traffic, a scrape gap, a NaN sample) that hold a pair's heat;
 *                         later ones count as quiet; null (not set): every missing window holds it, until the pair
 *                         is forgotten ({@code latency.pair-ttl})
 * @param sampleCap        the longest span of evidence one window (one sample of a replay) stands for: a window longer
 *                         than this adds and cools as if it were this long, since one sample is one piece of evidence
 *                         however far apart samples are
 * @param rareOnceIn       a window at least {@code rareBeyond} out of band that its pair's own history of excursions
 *                         expects less than once in this long fills the pair's heat on its own (0: never)
 * @param rareBeyond       how far out of band, in half-widths of the band past its edge, a window must be to count as
 *                         a rare excursion
 * @param rareAfterWindows windows a pair must have been judged before any of its excursions can count as rare
 */
public record AccumulatorConfig(Double decay, Double max, Double defaultThreshold, Duration unit,
        Direction direction, Double fullHeatBeyond, Integer gapWindows, Duration sampleCap, Duration rareOnceIn,
        Double rareBeyond, Integer rareAfterWindows)
        implements Serializable {

    /** Which side of the band heats; a window out of band on the other side counts as quiet. */
    public enum Direction implements Choice {
        /** Only windows slower than the band (the default). */
        UP,
        /** Windows slower or faster than the band, as the lab monitor did. */
        BOTH;

        @Override
        public String toString() {
            return key();
        }
    }

    public AccumulatorConfig {
        direction = direction == null ? Direction.UP : direction;
        fullHeatBeyond = fullHeatBeyond == null ? 0.5 : fullHeatBeyond;
        decay = decay == null ? 2.0 : decay;
        max = max == null ? 20.0 : max;
        defaultThreshold = defaultThreshold == null ? 6.0 : defaultThreshold;
        unit = unit == null ? Duration.ofSeconds(10) : unit;
        sampleCap = sampleCap == null ? Duration.ofMinutes(1) : sampleCap;
        rareOnceIn = rareOnceIn == null ? Duration.ofDays(100) : rareOnceIn;
        rareBeyond = rareBeyond == null ? 1.5 : rareBeyond;
        rareAfterWindows = rareAfterWindows == null ? 300 : rareAfterWindows;
    }

    public AccumulatorConfig(Double decay, Double max, Double defaultThreshold, Duration unit, Direction direction,
            Double fullHeatBeyond, Integer gapWindows, Duration sampleCap) {
        this(decay, max, defaultThreshold, unit, direction, fullHeatBeyond, gapWindows, sampleCap, null, null, null);
    }

    public AccumulatorConfig(Double decay, Double max, Double defaultThreshold, Duration unit, Direction direction,
            Double fullHeatBeyond, Integer gapWindows) {
        this(decay, max, defaultThreshold, unit, direction, fullHeatBeyond, gapWindows, null);
    }

    public AccumulatorConfig(Double decay, Double max, Double defaultThreshold) {
        this(decay, max, defaultThreshold, null, null, null, null);
    }

    public AccumulatorConfig(Double decay, Double max, Double defaultThreshold, Duration unit) {
        this(decay, max, defaultThreshold, unit, null, null, null);
    }

    public AccumulatorConfig withGapWindows(int windows) {
        return new AccumulatorConfig(decay, max, defaultThreshold, unit, direction, fullHeatBeyond, windows, sampleCap,
                rareOnceIn, rareBeyond, rareAfterWindows);
    }

    /** Every setting at its default. */
    public static AccumulatorConfig defaults() {
        return new AccumulatorConfig(null, null, null, null, null, null, null);
    }

    public AccumulatorConfig withEvidence(Direction newDirection, double newFullHeatBeyond) {
        return new AccumulatorConfig(decay, max, defaultThreshold, unit, newDirection, newFullHeatBeyond, gapWindows,
                sampleCap, rareOnceIn, rareBeyond, rareAfterWindows);
    }

    public AccumulatorConfig withSampleCap(Duration newSampleCap) {
        return new AccumulatorConfig(decay, max, defaultThreshold, unit, direction, fullHeatBeyond, gapWindows,
                newSampleCap, rareOnceIn, rareBeyond, rareAfterWindows);
    }

    public AccumulatorConfig withRare(Duration newRareOnceIn, double newRareBeyond, int newRareAfterWindows) {
        return new AccumulatorConfig(decay, max, defaultThreshold, unit, direction, fullHeatBeyond, gapWindows,
                sampleCap, newRareOnceIn, newRareBeyond, newRareAfterWindows);
    }

    /** Likelihood below which a window of {@code window} is a rare excursion: once in {@code rare-once-in}; 0: off. */
    public double rareBelow(Duration window) {
        return rareOnceIn.isZero() ? 0 : (double) window.toMillis() / rareOnceIn.toMillis();
    }

    /** Heat one window of {@code window} adds at one window of evidence: its length in units, at most the sample cap. */
    public double unitsPer(Duration window) {
        return (double) Math.min(window.toMillis(), sampleCap.toMillis()) / unit.toMillis();
    }

    void check(Problems p) {
        if (!(decay > 0)) {
            p.add("latency.accumulator.decay must be > 0 (got " + decay
                    + "), or heat never cools down. Fix: use 2 as the seed did");
        }
        if (!(max > 0)) {
            p.add("latency.accumulator.max must be > 0 (got " + max + "). Fix: use e.g. 20");
        }
        checkThreshold(p, "latency.accumulator.default-threshold", defaultThreshold);
        if (gapWindows != null && (gapWindows < 0 || gapWindows > 100)) {
            p.add("latency.accumulator.gap-windows must be between 0 and 100 (got " + gapWindows
                    + "). Fix: remove the key to hold heat through any gap, or use 0 for every missing window to count"
                    + " as quiet");
        }
        if (!(fullHeatBeyond >= 0 && fullHeatBeyond <= 10)) {
            p.add("latency.accumulator.full-heat-beyond must be between 0 and 10 (got " + fullHeatBeyond
                    + "). Fix: use 0.5, or 0 for a whole window of heat from every out-of-band window");
        }
        if (sampleCap.compareTo(unit) < 0) {
            p.add("latency.accumulator.sample-cap (" + TimeUtils.formatWithHighestUnit(sampleCap)
                    + ") must be at least latency.accumulator.unit (" + TimeUtils.formatWithHighestUnit(unit)
                    + "). Fix: use 1min");
        }
        if (!rareOnceIn.isZero() && rareOnceIn.compareTo(Duration.ofHours(1)) < 0) {
            p.add("latency.accumulator.rare-once-in must be at least 1h, or 0s for no window to open an incident on"
                    + " its own (got " + TimeUtils.formatWithHighestUnit(rareOnceIn) + "). Fix: use 12d");
        }
        if (!(rareBeyond >= 1 && rareBeyond <= 1000)) {
            p.add("latency.accumulator.rare-beyond must be between 1 and 1000 half-widths (got " + rareBeyond
                    + "). Fix: use 4");
        }
        if (rareAfterWindows < 10) {
            p.add("latency.accumulator.rare-after-windows must be at least 10 (got " + rareAfterWindows
                    + "), or a pair's history knows too little to call anything rare. Fix: use 100");
        }
        if (unit.compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("latency.accumulator.unit must be at least 1s (got " + unit + "). Fix: use 10s");
        }
    }

    /** A pair's threshold ({@code key}): at least 0, and below {@link #max} or the pair could never be hot. */
    void checkThreshold(Problems p, String key, double threshold) {
        if (!(threshold >= 0)) {
            p.add(key + " must be >= 0 (got " + threshold + "). Fix: use e.g. 6 as the seed did");
        } else if (threshold >= max) {
            p.add(key + " (" + threshold + ") must be below latency.accumulator.max (" + max
                    + "), or the pair can never be hot. Fix: lower the threshold or raise the max");
        }
    }
}
