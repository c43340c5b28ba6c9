package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Baseline model settings.
 *
 * @param coverage         share of normal windows the band should contain (0.99: a 99% band)
 * @param fourierOrder     number of harmonics of the seasonal term
 * @param period           period of the seasonal term
 * @param phaseAlign       evaluate the model at the training series' phase (live start = training start)
 * @param warmupWindows    the fewest windows a pair without training data observes before it may raise anomalies
 * @param warmup           how long such a pair observes (in whole windows, at least {@code warmupWindows}): the same
 *                         time at any window, so a slow replay step does not learn for hours
 * @param outlierCutoff    residuals beyond this many robust standard deviations are excluded from the fit
 * @param minRelativeBand  band half-width floor as a fraction of the prediction (a flat series has no spread)
 * @param levelTracking    weight of each 10 s of in-band windows in a learned level (0 keeps the level of the first
 *                         fit); a longer window weighs as much as the 10-second windows it spans
 */
public record ModelConfig(
        Double coverage,
        Integer fourierOrder,
        Duration period,
        Boolean phaseAlign,
        Integer warmupWindows,
        Double outlierCutoff,
        Double minRelativeBand,
        Double levelTracking,
        Duration warmup)
        implements Serializable {

    public ModelConfig {
        coverage = coverage == null ? 0.99 : coverage;
        fourierOrder = fourierOrder == null ? 5 : fourierOrder;
        period = period == null ? Duration.ofHours(1) : period;
        phaseAlign = phaseAlign == null ? Boolean.TRUE : phaseAlign;
        warmupWindows = warmupWindows == null ? 10 : warmupWindows;
        outlierCutoff = outlierCutoff == null ? 3.5 : outlierCutoff;
        minRelativeBand = minRelativeBand == null ? 0.05 : minRelativeBand;
        levelTracking = levelTracking == null ? 0.05 : levelTracking;
        warmup = warmup == null ? Duration.ofMinutes(5) : warmup;
    }

    /** Settings that count the warm-up in windows only. */
    public ModelConfig(Double coverage, Integer fourierOrder, Duration period, Boolean phaseAlign,
            Integer warmupWindows, Double outlierCutoff, Double minRelativeBand, Double levelTracking) {
        this(coverage, fourierOrder, period, phaseAlign, warmupWindows, outlierCutoff, minRelativeBand, levelTracking,
                Duration.ZERO);
    }

    /** The weight of one in-band window of {@code window} in a learned level: the same pace in time at any window. */
    public double levelTrackingAt(Duration window) {
        return 1 - Math.pow(1 - levelTracking, window.toMillis() / 10_000.0);
    }

    /** Windows of {@code window} a pair learns from: {@code warmup} in whole windows, at least {@code warmupWindows}. */
    public int warmupWindowsAt(Duration window) {
        return Math.max(warmupWindows, warmup.isZero() ? 0 : WindowCount.covering(warmup, window));
    }

    /** Every setting at its default. */
    public static ModelConfig defaults() {
        return new ModelConfig(null, null, null, null, null, null, null, null, null);
    }
}
