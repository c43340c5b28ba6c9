package io.incidentdetector.model;

import io.incidentdetector.config.ModelConfig;

import org.apache.commons.math3.stat.descriptive.rank.Median;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Starts an {@link OnlineBaseline}: from a pair's first windows (it learned them online), or from a training file,
 * which is history replayed through the same learner at the file's own step, so a trained pair and a learning pair
 * differ only in how much they have seen.
 *
 * <p>The start is robust to the incidents and spikes real exports contain: the level is the median of {@code ln y}
 * over the points within {@code outlier-cutoff} robust standard deviations ({@code 1.4826 x MAD}) of it, and the
 * starting spread is the larger of {@code 1.4826 x MAD} and {@code sqrt(pi/2) x} the mean absolute deviation of those
 * points: on quantised series many values tie and the MAD collapses while the spread is real. The spread only
 * shapes the band until the pair's own residuals outweigh it (an hour's worth of windows).
 */
public final class BaselineTrainer implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final double MAD_TO_SIGMA = 1.4826;
    /** For normal residuals the mean absolute deviation is sigma x sqrt(2 / pi). */
    private static final double MEAN_ABS_TO_SIGMA = Math.sqrt(Math.PI / 2);

    /** Below this share of a series' mean, values are read as its floor (a latency of 50 ms: 0.5 ms). */
    static final double FLOOR_SHARE = 0.01;

    private final ModelConfig config;

    public BaselineTrainer(ModelConfig config) {
        this.config = config;
    }

    /** A model started on the values a pair observed while learning, for windows of {@code window}. */
    public OnlineBaseline start(double[] values, long firstSeen, Duration window) {
        return start(values, firstSeen, OnlineBaseline.LEARNED, BaselineSettings.of(config, window));
    }

    /**
     * A model that has learned the training series: started on all of it, then every point judged and learned in
     * time order at the series' own step (its median spacing). Missing points (NaN, scrape gaps) are simply absent.
     */
    public OnlineBaseline train(long[] times, double[] values) {
        if (times.length != values.length) {
            throw new IllegalArgumentException("times and values differ in length");
        }
        TreeMap<Long, Double> series = new TreeMap<>();
        for (int i = 0; i < times.length; i++) {
            if (Double.isFinite(values[i]) && values[i] >= 0) {
                series.put(times[i], values[i]);
            }
        }
        if (series.size() < 3) {
            throw new IllegalArgumentException("need at least 3 training points, got " + series.size());
        }
        double[] ordered = series.values().stream().mapToDouble(Double::doubleValue).toArray();
        BaselineSettings settings = BaselineSettings.of(config, stepOf(series));
        OnlineBaseline model = start(ordered, series.firstKey(), OnlineBaseline.TRAINED, settings);
        for (Map.Entry<Long, Double> point : series.entrySet()) {
            model.judge(point.getKey(), point.getValue(), settings);
        }
        return model;
    }

    private OnlineBaseline start(double[] values, long firstSeen, String source, BaselineSettings settings) {
        double floor = floorOf(values);
        double[] logs = Arrays.stream(values).map(v -> Math.log(Math.max(v, Math.max(floor, OnlineBaseline.FLOOR_MS))))
                .toArray();
        double median = new Median().evaluate(logs);
        double mad = MAD_TO_SIGMA * new Median().evaluate(Arrays.stream(logs).map(v -> Math.abs(v - median)).toArray());
        double[] kept = mad == 0 ? logs
                : Arrays.stream(logs).filter(v -> Math.abs(v - median) <= config.outlierCutoff() * mad).toArray();
        double level = new Median().evaluate(kept);
        double meanAbs = Arrays.stream(kept).map(v -> Math.abs(v - level)).average().orElse(0);
        double sigma = Math.max(mad, MEAN_ABS_TO_SIGMA * meanAbs);
        return OnlineBaseline.start(source, Math.exp(level), sigma, quantisationStep(values), floor, firstSeen,
                settings);
    }

    /** The floor of the log scale: {@link #FLOOR_SHARE} of the mean of the values (0 when they are all 0). */
    static double floorOf(double[] values) {
        double mean = Arrays.stream(values).filter(Double::isFinite).average().orElse(0);
        return FLOOR_SHARE * Math.max(0, mean);
    }

    /** The median spacing of the series' points: its step. */
    private static Duration stepOf(TreeMap<Long, Double> series) {
        long[] gaps = new long[series.size() - 1];
        Long previous = null;
        int i = 0;
        for (long t : series.keySet()) {
            if (previous != null) {
                gaps[i++] = t - previous;
            }
            previous = t;
        }
        Arrays.sort(gaps);
        return Duration.ofMillis(Math.max(1, gaps[gaps.length / 2]));
    }

    /**
     * The step between the levels of a quantised series (a p50 from histogram buckets sits on a few values), or 0.
     * A level counts if it holds at least 2 points and 5% of them, and the series is quantised if such levels hold
     * at least 80% of its points: a lone spike is not a level, and a continuous series has none. A band narrower than
     * one step would call every move to the next level an anomaly.
     */
    static double quantisationStep(double[] values) {
        TreeMap<Double, Integer> counts = new TreeMap<>();
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
        for (Map.Entry<Double, Integer> level : counts.entrySet()) {
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
}
