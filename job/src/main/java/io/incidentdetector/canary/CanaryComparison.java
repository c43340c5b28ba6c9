package io.incidentdetector.canary;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.event.SeedCsvErrorParser;

import org.apache.commons.math3.distribution.BinomialDistribution;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The comparison of a canary build with its baseline, one second of counts at a time, in time order. Both modes
 * share the bins and the alert lifecycle; they differ in what a bin is worth and how bins advance:
 * <ul>
 *   <li><b>seed-compatible</b> reproduces the seed program exactly: per bin, per code, the count difference
 *   canary minus baseline; a second at or past the open bin's end finishes it and opens exactly one new bin
 *   (a gap of empty bins is not filled); a window of w bins alerts when the mean of its bins is strictly above
 *   the threshold; windows longer than the bins finished so far are skipped; the open (last) bin is never
 *   assessed; the alert is repeated (FIRING) at every bin while it holds.</li>
 *   <li><b>rate</b> compares rates: over the last w bins (by time, so empty bins count as empty), the canary's
 *   count of a code against what its share of traffic predicts. With {@code n} errors of the code in both builds
 *   and {@code p0} the canary's share of traffic, the canary's count is Binomial(n, p0) if the builds behave
 *   alike; the alert needs the one-sided p-value {@code P(X >= canary count)}, multiplied by the number of codes
 *   compared (Bonferroni), at or below {@code 1 - confidence},
 *   at least {@code min-count} canary errors, and a rate ratio above the threshold. Common codes therefore do
 *   not alert on noise, and rare codes still can when the evidence is there. An active rate alert clears only
 *   when the effect is gone, that is when the ratio falls below halfway to the threshold (hysteresis), so an
 *   alert on a noisy window does not flap.</li>
 * </ul>
 */
public final class CanaryComparison implements Serializable {

    private static final long serialVersionUID = 1L;

    private final boolean seedCompatible;
    private final long binMillis;
    private final double threshold;
    private final int[] windows;
    private final String baselineBuild;
    private final String canaryBuild;
    private final long baseMillis;
    private final boolean clockLabels;
    private final int minCount;
    private final double alpha;
    private final Double usersShare;

    /**
     * @param clockLabels label bins {@code H:MM:SS} from the base time (seed files) instead of ISO-8601
     */
    public CanaryComparison(CanaryConfig config, String baselineBuild, String canaryBuild, boolean clockLabels) {
        this.seedCompatible = CanaryConfig.SEED_COMPATIBLE.equals(config.mode());
        this.binMillis = config.bins() * 1000L;
        this.threshold = config.threshold();
        this.windows = config.thresholdBins().stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
        this.baselineBuild = baselineBuild;
        this.canaryBuild = canaryBuild;
        this.baseMillis = config.baseTime().toEpochMilli();
        this.clockLabels = clockLabels;
        this.minCount = config.minCount();
        this.alpha = 1 - config.confidence();
        this.usersShare = CanaryConfig.TRAFFIC_USERS.equals(config.traffic())
                ? config.usersRatio() / (1 + config.usersRatio()) : null;
    }

    public String mode() {
        return seedCompatible ? CanaryConfig.SEED_COMPATIBLE : CanaryConfig.RATE;
    }

    /** Applies one second's counts (all of one second, any builds and codes). */
    public void accept(CanaryState state, long second, List<SecondCount> counts, Consumer<CanaryAlert> alerts,
            Consumer<BinCell> cells) {
        if (state.binStart == null) {
            state.origin = baseMillis + Math.floorDiv(second - baseMillis, binMillis) * binMillis;
            state.binStart = state.origin;
            state.open.start = state.binStart;
        }
        if (second >= state.binStart + binMillis) {
            finish(state, alerts, cells);
            state.binStart = seedCompatible
                    ? state.binStart + binMillis
                    : state.origin + Math.floorDiv(second - state.origin, binMillis) * binMillis;
            state.open = new FinishedBin();
            state.open.start = state.binStart;
            state.open.index = (state.binStart - state.origin) / binMillis;
        }
        for (SecondCount count : counts) {
            state.codes.put(count.code(), Boolean.TRUE);
            if (count.build().equals(baselineBuild)) {
                state.open.baseline.merge(count.code(), count.count(), Long::sum);
                state.open.baselineTotal += count.count();
            } else if (count.build().equals(canaryBuild)) {
                state.open.canary.merge(count.code(), count.count(), Long::sum);
                state.open.canaryTotal += count.count();
            }
        }
    }

    private void finish(CanaryState state, Consumer<CanaryAlert> alerts, Consumer<BinCell> cells) {
        FinishedBin bin = state.open;
        if (seedCompatible) {
            bin.index = state.finishedBins;
        }
        state.finishedBins++;
        state.recent.add(bin);
        int keep = windows[windows.length - 1];
        while (state.recent.size() > keep) {
            state.recent.remove(0);
        }
        TreeSet<Integer> codes = new TreeSet<>(state.codes.keySet());
        Instant end = Instant.ofEpochMilli(bin.start + binMillis);
        for (int code : codes) {
            cells.accept(new BinCell(code, label(bin.start), Instant.ofEpochMilli(bin.start), cellValue(bin, code),
                    bin.baseline(code), bin.canary(code), mode()));
        }
        for (int w : windows) {
            if (w > state.finishedBins) {
                continue;
            }
            List<FinishedBin> window = lastBins(state, bin, w);
            String start = label(seedCompatible ? window.get(0).start : bin.start - (w - 1) * binMillis);
            for (int code : codes) {
                assess(state, code, w, window, start, label(bin.start), end, codes.size(), alerts);
            }
        }
    }

    /**
     * The finished bins whose index is within w of the last one. Seed-compatible bins are numbered as they
     * finish, so these are the last w bins; rate bins are numbered by time, so empty bins leave holes.
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
            Instant at, int codesCompared, Consumer<CanaryAlert> alerts) {
        long baseline = 0;
        long canary = 0;
        long baselineTotal = 0;
        long canaryTotal = 0;
        for (FinishedBin b : window) {
            baseline += b.baseline(code);
            canary += b.canary(code);
            baselineTotal += b.baselineTotal;
            canaryTotal += b.canaryTotal;
        }
        double value;
        Double pValue = null;
        boolean holds;
        if (seedCompatible) {
            value = (double) (canary - baseline) / w;
            holds = value > threshold;
        } else {
            double share = usersShare != null ? usersShare
                    : baselineTotal + canaryTotal == 0 ? 0.5 : (double) canaryTotal / (baselineTotal + canaryTotal);
            value = rateRatio(baseline, canary, share);
            // Bonferroni over the codes compared at once: one noisy code among many must not alert by chance
            pValue = Math.min(1.0, upperTail(baseline + canary, canary, share) * codesCompared);
            holds = canary >= minCount && value > threshold && pValue <= alpha;
        }
        String key = code + "/" + w;
        boolean wasActive = state.active.containsKey(key);
        if (!seedCompatible && wasActive && !holds) {
            // hysteresis: an active rate alert clears once the effect is gone (the ratio fell below halfway to the
            // threshold), not when a noisy window's p-value wobbles above the test level
            holds = value > (1 + threshold) / 2;
        }
        if (holds) {
            if (!wasActive) {
                state.active.put(key, Boolean.TRUE);
                alerts.accept(new CanaryAlert(code, w, start, stop, value, threshold, mode(), AlertStatus.ACTIVE, at,
                        baseline, canary, pValue));
            } else if (seedCompatible) {
                alerts.accept(new CanaryAlert(code, w, start, stop, value, threshold, mode(), AlertStatus.FIRING, at,
                        baseline, canary, pValue));
            }
        } else if (wasActive) {
            state.active.remove(key);
            alerts.accept(new CanaryAlert(code, w, start, stop, value, threshold, mode(), AlertStatus.CLEARED, at,
                    baseline, canary, pValue));
        }
    }

    private double cellValue(FinishedBin bin, int code) {
        if (seedCompatible) {
            return bin.canary(code) - bin.baseline(code);
        }
        double share = usersShare != null ? usersShare
                : bin.baselineTotal + bin.canaryTotal == 0 ? 0.5
                : (double) bin.canaryTotal / (bin.baselineTotal + bin.canaryTotal);
        return standardScore(bin.baseline(code), bin.canary(code), share);
    }

    /**
     * How many standard deviations the canary's count lies above what its traffic share predicts; 0 without
     * errors. Unlike the ratio it stays near 0 for a code seen once or twice, so a heatmap of it shows evidence.
     */
    static double standardScore(long baseline, long canary, double canaryShare) {
        long n = baseline + canary;
        if (n == 0) {
            return 0;
        }
        return (canary - n * canaryShare) / Math.sqrt(n * canaryShare * (1 - canaryShare));
    }

    /**
     * Canary rate over baseline rate, each count normalised by its build's share of traffic, with half an event
     * added to both counts so that a code absent from one build gives a finite ratio.
     */
    static double rateRatio(long baseline, long canary, double canaryShare) {
        return ((canary + 0.5) / canaryShare) / ((baseline + 0.5) / (1 - canaryShare));
    }

    /** P(X >= k) for X ~ Binomial(n, p). */
    static double upperTail(long n, long k, double p) {
        if (k <= 0) {
            return 1.0;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many events in one window: " + n);
        }
        BinomialDistribution distribution = new BinomialDistribution(null, (int) n, p);
        return 1 - distribution.cumulativeProbability((int) k - 1);
    }

    String label(long start) {
        return clockLabels ? SeedCsvErrorParser.clock((start - baseMillis) / 1000) : Instant.ofEpochMilli(start).toString();
    }
}
