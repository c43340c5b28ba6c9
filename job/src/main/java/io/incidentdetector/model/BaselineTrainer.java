package io.incidentdetector.model;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

import java.util.Arrays;

/**
 * Fits a {@link BaselineModel}: ordinary least squares on a level plus {@code order} harmonics of the period (the
 * deterministic equivalent of the seed's Prophet model with an hourly Fourier seasonality), made robust to the
 * incidents and spikes real training exports contain by <b>iterative outlier exclusion</b>: fit the kept points,
 * measure the spread of all residuals with the median absolute deviation (MAD, unaffected by up to half the
 * points being outliers), keep the points within {@code outlierCutoff} robust standard deviations
 * ({@code 1.4826 x MAD}) of the median residual, refit, until the kept set no longer changes (at most 10 rounds).
 * The level is then shifted by the median residual, so the band is centred on the typical point, and the band
 * is {@code z(coverage) x sigma}, sigma the larger of {@code 1.4826 x MAD} and {@code sqrt(pi/2) x} the mean absolute
 * deviation of the kept points (the MAD alone collapses on quantised series, where many values tie), and never
 * narrower than the step between the levels of a quantised series. Missing points (NaN, scrape gaps) are simply absent: least squares
 * needs no regular grid. Harmonics are fitted only when the training covers a whole period; shorter training
 * gives a flat level, since half a cycle cannot tell a harmonic from a trend. OLS is Apache Commons Math's
 * QR-based solver.
 */
public final class BaselineTrainer {

    private static final double MAD_TO_SIGMA = 1.4826;
    /** For normal residuals the mean absolute deviation is sigma x sqrt(2 / pi). */
    private static final double MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);
    private static final int MAX_ITERATIONS = 10;
    /** QR pivots below this count as zero: collinear harmonics fall back to a flat level instead of exploding. */
    private static final double SINGULARITY_THRESHOLD = 1e-10;

    private final int order;
    private final long periodMillis;
    private final double coverage;
    private final double outlierCutoff;
    private final double minRelativeBand;

    public BaselineTrainer(int order, long periodMillis, double coverage, double outlierCutoff, double minRelativeBand) {
        this.order = order;
        this.periodMillis = periodMillis;
        this.coverage = coverage;
        this.outlierCutoff = outlierCutoff;
        this.minRelativeBand = minRelativeBand;
    }

    /**
     * Fits the seasonal model; falls back to a flat level when there are too few points for the harmonics or they
     * cannot be told apart (training shorter than the period's harmonics resolve).
     */
    public BaselineModel fit(long[] times, double[] values, String source) {
        if (times.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length");
        }
        if (values.length < 3) {
            throw new IllegalArgumentException("need at least 3 training points, got " + values.length);
        }
        long span = Arrays.stream(times).max().getAsLong() - Arrays.stream(times).min().getAsLong();
        int k = values.length >= 4 * (2 * order + 1) && span >= periodMillis ? order : 0;
        try {
            return fitOrder(times, values, k, source);
        } catch (SingularMatrixException e) {
            return fitOrder(times, values, 0, source);
        }
    }

    /** A flat model: median level and robust band; what pairs without training data learn online. */
    public BaselineModel fitFlat(long[] times, double[] values, String source) {
        return fitOrder(times, values, 0, source);
    }

    private BaselineModel fitOrder(long[] times, double[] values, int k, String source) {
        int n = values.length;
        boolean[] included = new boolean[n];
        Arrays.fill(included, true);
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        double[] coefficients = null;
        double[] residuals = new double[n];
        double center = 0;
        double scale = 0;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            coefficients = k == 0 ? flat(values, included) : leastSquares(times, values, included, k);
            for (int i = 0; i < n; i++) {
                residuals[i] = values[i] - predict(coefficients, times[i]);
            }
            center = median(residuals, all);
            scale = MAD_TO_SIGMA * medianAbsDeviation(residuals, all, center);
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                boolean keep = scale == 0 ? residuals[i] == center : Math.abs(residuals[i] - center) <= outlierCutoff * scale;
                if (keep != included[i]) {
                    changed = true;
                    included[i] = keep;
                }
            }
            if (!changed || countIncluded(included) < Math.max(3, 2 * k + 2)) {
                break;
            }
        }
        coefficients[0] += center;
        double spread = Math.max(scale, MEAN_ABS_TO_SIGMA * meanAbsDeviation(residuals, included, center));
        double z = new NormalDistribution().inverseCumulativeProbability((1 + coverage) / 2);
        double halfWidth = Math.max(z * spread, quantisationStep(values));
        return new BaselineModel(coefficients, periodMillis, times[0], halfWidth, minRelativeBand, spread, source, n,
                n - countIncluded(included));
    }

    private double[] flat(double[] values, boolean[] included) {
        return new double[] {median(values, included)};
    }

    private double[] leastSquares(long[] times, double[] values, boolean[] included, int k) {
        int m = countIncluded(included);
        double[][] x = new double[m][2 * k];
        double[] y = new double[m];
        int row = 0;
        for (int i = 0; i < values.length; i++) {
            if (!included[i]) {
                continue;
            }
            double phase = 2 * Math.PI * Math.floorMod(times[i], periodMillis) / (double) periodMillis;
            for (int h = 1; h <= k; h++) {
                x[row][2 * h - 2] = Math.cos(h * phase);
                x[row][2 * h - 1] = Math.sin(h * phase);
            }
            y[row++] = values[i];
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression(SINGULARITY_THRESHOLD);
        ols.newSampleData(y, x);
        return ols.estimateRegressionParameters();
    }

    private double predict(double[] coefficients, long t) {
        return new BaselineModel(coefficients, periodMillis, 0, 0, 0, 0, "", 0, 0).predict(t);
    }

    private static int countIncluded(boolean[] included) {
        int c = 0;
        for (boolean b : included) {
            c += b ? 1 : 0;
        }
        return c;
    }

    private static double median(double[] values, boolean[] included) {
        double[] kept = new double[countIncluded(included)];
        int j = 0;
        for (int i = 0; i < values.length; i++) {
            if (included[i]) {
                kept[j++] = values[i];
            }
        }
        return new Median().evaluate(kept);
    }

    /**
     * The step between the levels of a quantised series (a p50 from histogram buckets sits on a few values), or 0.
     * A level counts if it holds at least 2 points and 5% of them, and the series is quantised if such levels hold
     * at least 80% of its points: a lone spike is not a level, and a continuous series has none. A band narrower than
     * one step would call every move to the next level an anomaly.
     */
    static double quantisationStep(double[] values) {
        java.util.TreeMap<Double, Integer> counts = new java.util.TreeMap<>();
        for (double v : values) {
            if (Double.isFinite(v)) {
                counts.merge(v, 1, Integer::sum);
            }
        }
        int n = values.length;
        int minCount = Math.max(2, (int) Math.ceil(0.05 * n));
        double previous = Double.NaN;
        double step = Double.POSITIVE_INFINITY;
        int covered = 0;
        for (java.util.Map.Entry<Double, Integer> level : counts.entrySet()) {
            if (level.getValue() < minCount) {
                continue;
            }
            covered += level.getValue();
            if (!Double.isNaN(previous)) {
                step = Math.min(step, level.getKey() - previous);
            }
            previous = level.getKey();
        }
        return covered >= 0.8 * n && Double.isFinite(step) ? step : 0;
    }

    /**
     * Mean absolute deviation of the kept residuals. Quantised values (a sketch's bins, histogram buckets) tie, and
     * with many ties the median deviation collapses towards 0 while the spread is real; the mean does not collapse.
     */
    private static double meanAbsDeviation(double[] residuals, boolean[] included, double center) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < residuals.length; i++) {
            if (included[i]) {
                sum += Math.abs(residuals[i] - center);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double medianAbsDeviation(double[] values, boolean[] included, double center) {
        double[] deviations = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            deviations[i] = Math.abs(values[i] - center);
        }
        return median(deviations, included);
    }
}
