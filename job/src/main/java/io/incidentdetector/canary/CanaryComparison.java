package io.incidentdetector.canary;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.canary.alert.AlertLifecycle;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.canary.score.BinScorer;
import io.incidentdetector.canary.score.CodeCounts;
import io.incidentdetector.canary.score.WindowScore;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.SeedCsvErrorParser;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.GroupHeat;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The comparison of a canary build with its baseline, one second of counts at a time, in time order. The counts go
 * into bins; each finished bin gives a heatmap cell per code, every window of the last w bins is scored per code by
 * the mode's {@link BinScorer} and goes through the {@link AlertLifecycle}, and the codes in alert make the bin's
 * regression heat. At most {@code canary.max-codes} codes are compared at once ({@link CodeCap}).
 */
public final class CanaryComparison implements Serializable {

    private static final long serialVersionUID = 1L;

    private final BinScorer scorer;
    private final AlertLifecycle lifecycle;
    private final long binMillis;
    private final double threshold;
    private final int[] windows;
    private final String baselineBuild;
    private final String canaryBuild;
    private final long baseMillis;
    private final boolean clockLabels;
    private final RegressionHeat regressionHeat;
    private final CodeCap codeCap;

    /**
     * @param clockLabels label bins {@code H:MM:SS} from the base time (seed files) instead of ISO-8601
     */
    public CanaryComparison(CanaryConfig config, String baselineBuild, String canaryBuild, boolean clockLabels) {
        this.scorer = BinScorer.forMode(config, clockLabels);
        this.lifecycle = new AlertLifecycle(scorer.repeatsWhileFiring());
        this.binMillis = config.bins() * 1000L;
        this.threshold = config.threshold();
        this.windows = config.thresholdBins().stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        this.baselineBuild = baselineBuild;
        this.canaryBuild = canaryBuild;
        this.baseMillis = config.baseTime().toEpochMilli();
        this.clockLabels = clockLabels;
        this.regressionHeat = new RegressionHeat(groupOf(canaryBuild), threshold, config.incidents(), baselineBuild,
                canaryBuild);
        this.codeCap = new CodeCap(config.maxCodes());
    }

    /** The incident group of this comparison, e.g. {@code canary-5.0007.610.011}. */
    public String group() {
        return groupOf(canaryBuild);
    }

    /** The incident group of the comparison of {@code canaryBuild} against its baseline. */
    public static String groupOf(String canaryBuild) {
        return "canary-" + canaryBuild;
    }

    public CanaryMode mode() {
        return scorer.mode();
    }

    /** Whether {@link #closeIfDue} finishes bins; only then do timers need to follow the open bin's end. */
    public boolean closesByEventTime() {
        return scorer.closesByEventTime();
    }

    /** Applies one second's counts (all of one second, any builds and codes). */
    public void accept(CanaryState state, long second, List<SecondCount> counts, Consumer<CanaryAlert> alerts,
            Consumer<BinCell> cells) {
        accept(state, second, counts, alerts, cells, heat -> { });
    }

    /**
     * As above, also reporting after every finished bin which codes are in alert, for incident promotion. Returns
     * the counts not applied because their code is new and {@code canary.max-codes} codes are compared already.
     */
    public List<SecondCount> accept(CanaryState state, long second, List<SecondCount> counts,
            Consumer<CanaryAlert> alerts, Consumer<BinCell> cells, Consumer<GroupHeat> heat) {
        if (scorer.holdsEachSecondUntilTheNext()) {
            // the script appends a second's counts only when a row of a later second arrives and never flushes after
            // its loop: each second is applied when the next one comes, and the last second of the input never is
            Long held = state.heldSecond;
            List<SecondCount> heldCounts = state.heldCounts;
            state.heldSecond = second;
            state.heldCounts = new ArrayList<>(counts);
            if (held == null) {
                return List.of();
            }
            second = held;
            counts = heldCounts;
        }
        if (state.binStart == null) {
            state.origin = scorer.firstBinStart(second, baseMillis, binMillis);
            state.binStart = state.origin;
            state.open.start = state.binStart;
        }
        if (second >= state.binStart + binMillis) {
            finish(state, alerts, cells, heat);
            open(state, scorer.nextBinStart(state.binStart, second, state.origin, binMillis));
        }
        List<SecondCount> refused = new ArrayList<>(0);
        for (SecondCount count : counts) {
            if (!codeCap.admit(state, count.code())) {
                refused.add(count);
                continue;
            }
            if (count.build().equals(baselineBuild)) {
                state.open.baseline.merge(count.code(), count.count(), Long::sum);
                state.open.baselineTotal += count.count();
            } else if (count.build().equals(canaryBuild)) {
                state.open.canary.merge(count.code(), count.count(), Long::sum);
                state.open.canaryTotal += count.count();
            }
        }
        return refused;
    }

    /** A count that {@link #accept} refused, as a dead letter that says why. */
    public DeadLetter refusal(CanaryState state, SecondCount count) throws JsonProcessingException {
        return codeCap.refusal(count, state.codes.size(), windows[windows.length - 1]);
    }

    /**
     * Finishes the open bin when event time has passed its end, although no record came to close it, so that a
     * silent canary cools down and its incident can resolve (only if the scorer {@link #closesByEventTime()}).
     * Returns whether any alert is still active.
     */
    public boolean closeIfDue(CanaryState state, long now, Consumer<CanaryAlert> alerts, Consumer<BinCell> cells,
            Consumer<GroupHeat> heat) {
        if (!scorer.closesByEventTime() || state.binStart == null) {
            return false;
        }
        if (state.binStart + binMillis <= now) {
            finish(state, alerts, cells, heat);
            open(state, state.binStart + binMillis);
        }
        return !state.active.isEmpty();
    }

    /** Where the open bin ends (epoch ms); meaningful after the first record. */
    public long openBinEnd(CanaryState state) {
        return state.binStart + binMillis;
    }

    private void open(CanaryState state, long start) {
        state.binStart = start;
        state.open = new FinishedBin();
        state.open.start = start;
        state.open.index = (start - state.origin) / binMillis;
    }

    private void finish(CanaryState state, Consumer<CanaryAlert> alerts, Consumer<BinCell> cells,
            Consumer<GroupHeat> heat) {
        FinishedBin bin = state.open;
        state.finishedBins++;
        state.recent.add(bin);
        int keep = windows[windows.length - 1];
        while (state.recent.size() > keep) {
            state.recent.remove(0);
        }
        TreeSet<Integer> codes = new TreeSet<>(state.codes.keySet());
        TreeMap<Integer, Evidence> strongest = new TreeMap<>();
        Instant end = Instant.ofEpochMilli(bin.start + binMillis);
        for (int code : codes) {
            CodeCounts counts = counts(bin, code);
            cells.accept(new BinCell(code, label(bin.start), Instant.ofEpochMilli(bin.start),
                    scorer.cellValue(counts), counts.baseline(), counts.canary(), mode().key()));
        }
        for (int w : windows) {
            if (w > state.finishedBins) {
                continue;
            }
            List<FinishedBin> window = lastBins(state, bin, w);
            String start = label(bin.start - (w - 1) * binMillis);
            for (int code : codes) {
                assess(state, code, w, window, start, label(bin.start), end, codes.size(), alerts, strongest);
            }
        }
        heat.accept(regressionHeat.of(end, strongest));
        codeCap.pruneStale(state);
    }

    /**
     * The finished bins whose index (bin number by time) is within w of the last one. Seed-compatible bins
     * advance one at a time, so they have no holes and these are the last w finished bins; rate bins open where
     * the second falls, so empty bins leave holes.
     */
    private static List<FinishedBin> lastBins(CanaryState state, FinishedBin last, int w) {
        List<FinishedBin> window = new ArrayList<>();
        for (FinishedBin b : state.recent) {
            if (b.index > last.index - w) {
                window.add(b);
            }
        }
        return window;
    }

    private void assess(CanaryState state, int code, int w, List<FinishedBin> window, String start, String stop,
            Instant at, int codesCompared, Consumer<CanaryAlert> alerts, Map<Integer, Evidence> strongest) {
        CodeCounts counts = CodeCounts.sum(counts(window, code));
        WindowScore score = scorer.score(counts, w, counts(state.recent, code), codesCompared,
                lifecycle.isActive(state.active, code, w));
        if (score.holds()) {
            Evidence known = strongest.get(code);
            if (known == null || score.value() > known.value()) {
                strongest.put(code, Evidence.ofErrorCode(RegressionHeat.subject(code), score.value(), threshold,
                        counts.baseline(), counts.canary(), score.pValue()));
            }
        }
        lifecycle.next(state.active, code, w, score.holds()).ifPresent(status -> alerts.accept(new CanaryAlert(code,
                w, start, stop, score.value(), threshold, mode().key(), status, at, counts.baseline(), counts.canary(),
                score.pValue())));
    }

    private static CodeCounts counts(FinishedBin bin, int code) {
        return new CodeCounts(bin.baseline(code), bin.canary(code), bin.baselineTotal, bin.canaryTotal);
    }

    private static List<CodeCounts> counts(List<FinishedBin> bins, int code) {
        List<CodeCounts> counts = new ArrayList<>(bins.size());
        for (FinishedBin bin : bins) {
            counts.add(counts(bin, code));
        }
        return counts;
    }

    String label(long start) {
        return clockLabels ? SeedCsvErrorParser.clock((start - baseMillis) / 1000) : Instant.ofEpochMilli(start).toString();
    }
}
