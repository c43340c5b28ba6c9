package io.incidentdetector.model;

/**
 * A pair's normal latency: a level plus a seasonal Fourier series, and a band of {@code ± halfWidth} (floored at
 * {@code minRelativeBand} of the prediction) around it.
 *
 * @param coefficients  {@code [level, cos1, sin1, cos2, sin2, ...]}
 * @param periodMillis  period of the seasonal term
 * @param anchorMillis  event time of the first training point; live time is mapped onto it when phase-aligned
 * @param halfWidth     band half-width from the robust residual spread at the configured coverage
 * @param scale         robust standard deviation of the residuals (1.4826 x MAD)
 * @param source        TRAINED (from a training file) or LEARNED (online from the first windows)
 * @param points        training points used
 * @param excluded      training points excluded as outliers
 */
public record BaselineModel(
        double[] coefficients,
        long periodMillis,
        long anchorMillis,
        double halfWidth,
        double minRelativeBand,
        double scale,
        String source,
        int points,
        int excluded) implements java.io.Serializable {

    public static final String TRAINED = "trained";
    public static final String LEARNED = "learned";

    public int order() {
        return (coefficients.length - 1) / 2;
    }

    /** The prediction at model time {@code tMillis}. */
    public double predict(long tMillis) {
        double y = coefficients[0];
        if (coefficients.length > 1) {
            double phase = 2 * Math.PI * Math.floorMod(tMillis, periodMillis) / (double) periodMillis;
            for (int k = 1; k <= order(); k++) {
                y += coefficients[2 * k - 1] * Math.cos(k * phase) + coefficients[2 * k] * Math.sin(k * phase);
            }
        }
        return y;
    }

    public double halfWidthAt(double prediction) {
        return Math.max(halfWidth, minRelativeBand * Math.abs(prediction));
    }

    /** Lower band edge; latency cannot be negative, so it is clamped at 0. */
    public double lower(double prediction) {
        return Math.max(0, prediction - halfWidthAt(prediction));
    }

    public double upper(double prediction) {
        return prediction + halfWidthAt(prediction);
    }
}
