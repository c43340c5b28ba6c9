package io.incidentdetector.evaluate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NAB's scoring of one file's detections (numenta/NAB {@code nab/sweeper.py}, {@code calcSweepScore} and
 * {@code calcScoreByThreshold}), rule for rule:
 * <ul>
 *   <li>rows before the probationary length ({@code min(floor(0.15 n), 750)}) are not scored;</li>
 *   <li>a window scores the best (earliest) of its detections, {@code tpWeight * S(p) / S(-1)} with the scaled
 *       sigmoid {@code S(p) = 2 sigmoid(-5p) - 1} of the row's position {@code p = -(right - i + 1) / width}, so the
 *       window's first row earns {@code tpWeight}; a window with no detection costs {@code fnWeight};</li>
 *   <li>a detection outside every window costs {@code fpWeight * S(|i - right| / (width - 1))} of the preceding
 *       window (S is -1 beyond 3), or {@code fpWeight} when no window precedes it.</li>
 * </ul>
 */
public final class NabScorer {

    /** NAB's share of each file for learning, and its cap in rows. */
    static final double PROBATIONARY_SHARE = 0.15;
    static final int PROBATIONARY_CAP_ROWS = 5000;

    /** A labelled window, both ends inclusive; each must be a row's timestamp, as NAB requires. */
    public record Window(Instant start, Instant end) {}

    /** One file scored: its windows, those with a scored detection, detections outside every window, the score. */
    public record FileScore(String file, int windows, int caught, int falseDetections, double score) {}

    private final NabProfile profile;

    public NabScorer(NabProfile profile) {
        this.profile = profile;
    }

    /** The rows NAB leaves to learning: {@code min(floor(0.15 rows), 0.15 * 5000)}. */
    public static int probationaryRows(int rows) {
        return (int) Math.min(Math.floor(PROBATIONARY_SHARE * rows), PROBATIONARY_SHARE * PROBATIONARY_CAP_ROWS);
    }

    /** NAB's scaled sigmoid of a relative position: 0.987 at -1, 0 at 0, -0.987 at 1, -1 beyond 3. */
    static double scaledSigmoid(double relativePosition) {
        return relativePosition > 3.0 ? -1.0 : 2 / (1 + Math.exp(5 * relativePosition)) - 1.0;
    }

    /**
     * Scores the detections of one file.
     *
     * @param timestamps    the file's rows, in order
     * @param windows       its labelled windows, in order, not overlapping
     * @param detectionRows indices of the rows with a detection
     */
    public FileScore score(String file, List<Instant> timestamps, List<Window> windows, Set<Integer> detectionRows) {
        int rows = timestamps.size();
        Map<Instant, Integer> index = new HashMap<>();
        for (int i = 0; i < rows; i++) {
            index.put(timestamps.get(i), i);
        }
        int[] windowOf = new int[rows];
        java.util.Arrays.fill(windowOf, -1);
        List<int[]> bounds = new ArrayList<>();
        for (Window w : windows) {
            Integer left = index.get(w.start());
            Integer right = index.get(w.end());
            if (left == null || right == null || right < left) {
                throw new IllegalArgumentException(file + ": window " + w.start() + " - " + w.end()
                        + " does not start and end on rows of the file (NAB requires both ends to be row timestamps)");
            }
            bounds.add(new int[] {left, right});
            for (int i = left; i <= right; i++) {
                windowOf[i] = bounds.size() - 1;
            }
        }
        double maxTp = scaledSigmoid(-1.0);
        int probation = probationaryRows(rows);
        Map<Integer, Double> windowParts = new HashMap<>();
        for (int i = probation; i < rows; i++) {
            if (windowOf[i] >= 0) {
                windowParts.putIfAbsent(windowOf[i], -profile.fnWeight());
            }
        }
        double fpPart = 0;
        int falseDetections = 0;
        for (int i : detectionRows) {
            if (i < probation || i >= rows) {
                continue;
            }
            int w = windowOf[i];
            if (w >= 0) {
                int[] b = bounds.get(w);
                double width = b[1] - b[0] + 1;
                double position = -(b[1] - i + 1) / width;
                windowParts.merge(w, scaledSigmoid(position) * profile.tpWeight() / maxTp, Math::max);
            } else {
                falseDetections++;
                int preceding = -1;
                for (int k = 0; k < bounds.size(); k++) {
                    if (bounds.get(k)[1] < i) {
                        preceding = k;
                    }
                }
                double unweighted = -1.0;
                if (preceding >= 0) {
                    int[] b = bounds.get(preceding);
                    double width = b[1] - b[0] + 1;
                    unweighted = scaledSigmoid(Math.abs(b[1] - i) / (width - 1));
                }
                fpPart += unweighted * profile.fpWeight();
            }
        }
        int caught = (int) windowParts.values().stream().filter(v -> v > -profile.fnWeight()).count();
        double score = fpPart + windowParts.values().stream().mapToDouble(Double::doubleValue).sum();
        return new FileScore(file, windows.size(), caught, falseDetections, score);
    }

    /**
     * NAB's normalisation ({@code nab/runner.py}, {@code normalize}): 100 * (score - null) / (perfect - null), where
     * null is the score without any detection and perfect is {@code tpWeight} for every labelled window.
     */
    public static double normalised(double score, double nullScore, int windows, NabProfile profile) {
        double perfect = windows * profile.tpWeight();
        return 100 * (score - nullScore) / (perfect - nullScore);
    }
}
