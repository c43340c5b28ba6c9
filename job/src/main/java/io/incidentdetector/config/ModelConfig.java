package io.incidentdetector.config;

import org.apache.flink.util.TimeUtils;

import java.io.Serializable;
import java.time.Duration;

/**
 * Baseline model settings: how a pair's normal latency is learned and how wide its band is. Every rate is in time,
 * so a setting means the same at 10-second windows and at 1-minute or 1-hour replay steps.
 *
 * @param coverage          share of normal windows the band should contain (0.99: a 99% band), read from the
 *                          pair's own residuals
 * @param period            period of the seasonal profile (1d: daily seasonality, by wall-clock time)
 * @param seasonalSlots     slots of the seasonal profile per period (24: hourly slots over a day)
 * @param seasonalLearning  share of its error a slot corrects in one period's visit
 * @param weekly            learn a day-of-week offset from each day's mean level, read once two weeks of days have
 *                          been seen
 * @param phaseAlign        read a trained profile at the training series' phase (first live window = first training
 *                          point), as the lab monitor did; false (the default) aligns by wall-clock time
 * @param warmupWindows     the fewest windows a pair without training data observes before it may raise anomalies
 * @param warmup            how long such a pair observes (in whole windows, at least {@code warmupWindows})
 * @param outlierCutoff     values beyond this many robust standard deviations do not set the starting level
 * @param minRelativeBand   band half-width floor as a fraction of the prediction (a flat series has no spread)
 * @param levelTracking     weight of each 10 s of in-band windows in the level (0 keeps the level it started with)
 * @param memory            half-life of the band's residual distribution
 * @param newNormalAfter    a change that holds this long (80% of windows out of band, on one side) becomes the new
 *                          normal: the level moves to it and the verdict says {@code new-normal}; null (not set) is
 *                          {@link #DEFAULT_NEW_NORMAL_AFTER} and at least {@link #NEW_NORMAL_WINDOWS} windows
 * @param maxTrainingPoints the most points of one pair a baseline is fitted from (a training file, or the Prometheus
 *                          history); beyond it the oldest are dropped and the most recent kept
 */
public record ModelConfig(
        Double coverage,
        Duration period,
        Integer seasonalSlots,
        Double seasonalLearning,
        Boolean weekly,
        Boolean phaseAlign,
        Integer warmupWindows,
        Duration warmup,
        Double outlierCutoff,
        Double minRelativeBand,
        Double levelTracking,
        Duration memory,
        Duration newNormalAfter,
        Integer maxTrainingPoints)
        implements Serializable {

    /** How long a change holds before it is the new normal, when not set, at windows up to 5 minutes. */
    public static final Duration DEFAULT_NEW_NORMAL_AFTER = Duration.ofHours(1);
    /**
     * The fewest windows a new normal takes: its 80% test needs that many, and a shorter span would adopt a fault as
     * normal about when its incident opens (12 h at hourly steps).
     */
    public static final int NEW_NORMAL_WINDOWS = 12;

    public ModelConfig {
        coverage = coverage == null ? 0.99 : coverage;
        period = period == null ? Duration.ofDays(1) : period;
        seasonalSlots = seasonalSlots == null ? 24 : seasonalSlots;
        seasonalLearning = seasonalLearning == null ? 0.25 : seasonalLearning;
        weekly = weekly == null ? Boolean.TRUE : weekly;
        phaseAlign = phaseAlign == null ? Boolean.FALSE : phaseAlign;
        warmupWindows = warmupWindows == null ? 10 : warmupWindows;
        warmup = warmup == null ? Duration.ofMinutes(5) : warmup;
        outlierCutoff = outlierCutoff == null ? 3.5 : outlierCutoff;
        minRelativeBand = minRelativeBand == null ? 0.05 : minRelativeBand;
        levelTracking = levelTracking == null ? 0.05 : levelTracking;
        memory = memory == null ? Duration.ofDays(1) : memory;
        maxTrainingPoints = maxTrainingPoints == null ? 100_000 : maxTrainingPoints;
    }

    /** The span as set, else {@link #DEFAULT_NEW_NORMAL_AFTER}; {@link #newNormalWindowsAt} is what the model uses. */
    @Override
    public Duration newNormalAfter() {
        return newNormalAfter != null ? newNormalAfter : DEFAULT_NEW_NORMAL_AFTER;
    }

    /**
     * Windows of {@code window} a change must hold to become the new normal: {@code new-normal-after} in whole windows,
     * and by default at least {@link #NEW_NORMAL_WINDOWS}.
     */
    public int newNormalWindowsAt(Duration window) {
        int windows = WindowCount.covering(newNormalAfter(), window);
        return newNormalAfter == null ? Math.max(NEW_NORMAL_WINDOWS, windows) : windows;
    }

    /** The weight of one in-band window of {@code window} in the level: the same pace in time at any window. */
    public double levelTrackingAt(Duration window) {
        return 1 - Math.pow(1 - levelTracking, window.toMillis() / 10_000.0);
    }

    /** Windows of {@code window} a pair learns from: {@code warmup} in whole windows, at least {@code warmupWindows}. */
    public int warmupWindowsAt(Duration window) {
        return Math.max(warmupWindows, warmup.isZero() ? 0 : WindowCount.covering(warmup, window));
    }

    public ModelConfig withLevelTracking(double tracking) {
        return new ModelConfig(coverage, period, seasonalSlots, seasonalLearning, weekly, phaseAlign, warmupWindows,
                warmup, outlierCutoff, minRelativeBand, tracking, memory, newNormalAfter, maxTrainingPoints);
    }

    public ModelConfig withWarmup(int windows, Duration time) {
        return new ModelConfig(coverage, period, seasonalSlots, seasonalLearning, weekly, phaseAlign, windows, time,
                outlierCutoff, minRelativeBand, levelTracking, memory, newNormalAfter, maxTrainingPoints);
    }

    public ModelConfig withWeekly(boolean learnWeekly) {
        return new ModelConfig(coverage, period, seasonalSlots, seasonalLearning, learnWeekly, phaseAlign,
                warmupWindows, warmup, outlierCutoff, minRelativeBand, levelTracking, memory, newNormalAfter,
                maxTrainingPoints);
    }

    public ModelConfig withMinRelativeBand(double band) {
        return new ModelConfig(coverage, period, seasonalSlots, seasonalLearning, weekly, phaseAlign,
                warmupWindows, warmup, outlierCutoff, band, levelTracking, memory, newNormalAfter, maxTrainingPoints);
    }

    public ModelConfig withPhaseAlign(boolean align, Duration newPeriod) {
        return new ModelConfig(coverage, newPeriod, seasonalSlots, seasonalLearning, weekly, align, warmupWindows,
                warmup, outlierCutoff, minRelativeBand, levelTracking, memory, newNormalAfter, maxTrainingPoints);
    }

    /** Every setting at its default. */
    public static ModelConfig defaults() {
        return new ModelConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The model's problems at windows of {@code window} (the replay step, for a replay). */
    void check(Problems p, Duration window) {
        p.betweenZeroAndOne("latency.model.coverage", coverage, "0.99 for a 99% band");
        p.positive("latency.model.period", period, "1d");
        if (seasonalSlots < 1 || seasonalSlots > 168) {
            p.add("latency.model.seasonal-slots must be between 1 and 168 (got " + seasonalSlots
                    + "). Fix: use 24, hourly slots over a day");
        }
        if (!(seasonalLearning >= 0 && seasonalLearning < 1)) {
            p.add("latency.model.seasonal-learning must be at least 0 and below 1 (got " + seasonalLearning
                    + "). Fix: use 0.25, or 0 for no seasonal profile");
        }
        p.positive("latency.model.memory", memory, "1d");
        if (memory.compareTo(Duration.ofDays(30)) > 0) {
            p.add("latency.model.memory must be at most 30d (got " + memory.toDays() + "d): older residuals would"
                    + " outweigh a pair's recent ones and the band could no longer follow it. Fix: use 1d");
        }
        p.positive("latency.model.new-normal-after", newNormalAfter(), "1h");
        if (newNormalAfter != null && !newNormalAfter.isZero() && !newNormalAfter.isNegative()
                && WindowCount.covering(newNormalAfter, window) < NEW_NORMAL_WINDOWS) {
            Duration fix = WindowCount.atLeast(DEFAULT_NEW_NORMAL_AFTER, NEW_NORMAL_WINDOWS, window);
            p.add("latency.model.new-normal-after (" + TimeUtils.formatWithHighestUnit(newNormalAfter)
                    + ") must be at least " + NEW_NORMAL_WINDOWS + " windows ("
                    + TimeUtils.formatWithHighestUnit(window.multipliedBy(NEW_NORMAL_WINDOWS)) + " at the window of "
                    + TimeUtils.formatWithHighestUnit(window) + "), or a fault becomes the new normal about when its"
                    + " incident opens. Fix: use " + TimeUtils.formatWithHighestUnit(fix) + ", or remove the key (the"
                    + " default is 1h and at least " + NEW_NORMAL_WINDOWS + " windows)");
        }
        if (warmupWindows < 3) {
            p.add("latency.model.warmup-windows must be at least 3 (got " + warmupWindows + "). Fix: use e.g. 10");
        }
        if (warmup.isNegative()) {
            p.add("latency.model.warmup must not be negative (got " + warmup + "). Fix: use e.g. 5min");
        }
        if (!(outlierCutoff > 0)) {
            p.add("latency.model.outlier-cutoff must be > 0 (got " + outlierCutoff + "). Fix: use 3.5");
        }
        if (!(levelTracking >= 0 && levelTracking < 1)) {
            p.add("latency.model.level-tracking must be at least 0 and below 1 (got " + levelTracking
                    + "). Fix: use 0.05, or 0 to keep a learned level fixed");
        }
        if (!(minRelativeBand > 0) || minRelativeBand >= 1) {
            p.add("latency.model.min-relative-band must be above 0 and below 1 (got " + minRelativeBand
                    + "); without it a perfectly steady series gets a band of width 0. Fix: use 0.05");
        }
        if (maxTrainingPoints < 3) {
            p.add("latency.model.max-training-points must be at least 3, the fewest a baseline is fitted from (got "
                    + maxTrainingPoints + "). Fix: use e.g. 100000");
        }
    }
}
