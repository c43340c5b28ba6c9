package io.incidentdetector.canary.score;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.config.CanaryConfig;

import java.util.List;

/**
 * The seed program's comparison, exactly: per bin the count difference canary minus baseline; a window alerts when
 * the mean of its bins is strictly above the threshold, and repeats (FIRING) at every bin while it does. A second
 * at or past the open bin's end opens exactly one new bin (a gap of empty bins is not filled), and, as the script
 * appends a second only when a later one arrives, the last second of the input is never applied.
 */
public final class SeedDifferenceScorer implements BinScorer {

    private static final long serialVersionUID = 1L;

    private final double threshold;
    private final boolean binsFromBaseTime;

    /** @param binsFromBaseTime start the first bin at the base time (0:00:00 of seed files), not at the first second */
    public SeedDifferenceScorer(double threshold, boolean binsFromBaseTime) {
        this.threshold = threshold;
        this.binsFromBaseTime = binsFromBaseTime;
    }

    @Override
    public CanaryMode mode() {
        return CanaryMode.SEED_COMPATIBLE;
    }

    @Override
    public long firstBinStart(long second, long baseMillis, long binMillis) {
        return binsFromBaseTime ? baseMillis : BinScorer.super.firstBinStart(second, baseMillis, binMillis);
    }

    @Override
    public long nextBinStart(long openStart, long second, long origin, long binMillis) {
        return openStart + binMillis;
    }

    @Override
    public boolean holdsEachSecondUntilTheNext() {
        return true;
    }

    @Override
    public boolean closesByEventTime() {
        return false;
    }

    @Override
    public boolean repeatsWhileFiring() {
        return true;
    }

    @Override
    public double cellValue(CodeCounts bin) {
        return bin.canary() - bin.baseline();
    }

    @Override
    public WindowScore score(CodeCounts window, int length, List<CodeCounts> keptBins, int codesCompared,
            boolean active) {
        double mean = (double) (window.canary() - window.baseline()) / length;
        return new WindowScore(mean, null, mean > threshold);
    }
}
