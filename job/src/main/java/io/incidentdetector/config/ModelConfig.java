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
 * @param warmupWindows    windows a pair without training data observes before it may raise anomalies
 * @param outlierCutoff    residuals beyond this many robust standard deviations are excluded from the fit
 * @param minRelativeBand  band half-width floor as a fraction of the prediction (a flat series has no spread)
 * @param levelTracking    weight of each in-band window in a learned level (0 keeps the level of the first fit)
 */
public record ModelConfig(
        Double coverage,
        Integer fourierOrder,
        Duration period,
        Boolean phaseAlign,
        Integer warmupWindows,
        Double outlierCutoff,
        Double minRelativeBand,
        Double levelTracking)
        implements Serializable {

    public ModelConfig {
        coverage = coverage == null ? 0.99 : coverage;
        fourierOrder = fourierOrder == null ? 5 : fourierOrder;
        period = period == null ? Duration.ofHours(1) : period;
        phaseAlign = phaseAlign == null ? Boolean.TRUE : phaseAlign;
        warmupWindows = warmupWindows == null ? 30 : warmupWindows;
        outlierCutoff = outlierCutoff == null ? 3.5 : outlierCutoff;
        minRelativeBand = minRelativeBand == null ? 0.05 : minRelativeBand;
        levelTracking = levelTracking == null ? 0.05 : levelTracking;
    }

    /** Every setting at its default. */
    public static ModelConfig defaults() {
        return new ModelConfig(null, null, null, null, null, null, null, null);
    }
}
