package io.incidentdetector.canary.score;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.config.CanaryConfig;

import java.io.Serializable;
import java.util.List;

/** What a comparison mode makes of bins: how they advance, what a cell and a window are worth, when an alert holds. */
public interface BinScorer extends Serializable {

    /** The scorer of the configured mode. {@code seedFiles}: the input is seed CSV files, timed from the base time. */
    static BinScorer forMode(CanaryConfig config, boolean seedFiles) {
        return config.mode() == CanaryMode.SEED_COMPATIBLE
                ? new SeedDifferenceScorer(config.threshold(), seedFiles)
                : RateScorer.of(config);
    }

    /** {@link CanaryConfig#RATE} or {@link CanaryConfig#SEED_COMPATIBLE}. */
    CanaryMode mode();

    /** Start of the first bin (epoch ms), given the first second applied: by default the bin that second falls in. */
    default long firstBinStart(long second, long baseMillis, long binMillis) {
        return baseMillis + Math.floorDiv(second - baseMillis, binMillis) * binMillis;
    }

    /** Start of the bin that a second at or past the end of the open bin opens. */
    long nextBinStart(long openStart, long second, long origin, long binMillis);

    /** Whether each second's counts are held back until a later second arrives (so the last one is never applied). */
    boolean holdsEachSecondUntilTheNext();

    /** Whether the open bin also finishes when event time passes its end without a record. */
    boolean closesByEventTime();

    /** Whether an active alert is reported again (FIRING) at every bin while it holds. */
    boolean repeatsWhileFiring();

    /** The heatmap value of one code in one finished bin. */
    double cellValue(CodeCounts bin);

    /**
     * What the last {@code length} bins are worth for one code.
     *
     * @param window        the code's counts summed over the window
     * @param keptBins      the code's counts in every bin kept (as many as the longest window), oldest first
     * @param codesCompared codes assessed in this bin
     * @param active        whether the alert of this code and window length is active
     */
    WindowScore score(CodeCounts window, int length, List<CodeCounts> keptBins, int codesCompared, boolean active);
}
