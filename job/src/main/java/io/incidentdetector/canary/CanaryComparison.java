package io.incidentdetector.canary;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.CanaryIncidentConfig;
import io.incidentdetector.event.SeedCsvErrorParser;
import io.incidentdetector.heat.GroupHeat;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Severity;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *   share of a code's errors against its share of traffic. Traffic is measured by the errors of all the other
 *   codes (one-sided Fisher exact test on code/other codes x canary/baseline), or, for a code that is most of
 *   the errors, by all errors (exact binomial test against that share, conservative), or given as a users ratio
 *   (exact binomial test against it). The alert needs the p-value, multiplied by the number of codes compared
 *   (Bonferroni), at or below {@code 1 - confidence}, at least {@code min-count} canary errors, and a rate ratio
 *   above the threshold. Common codes therefore do not alert on noise, and rare codes still can when the
 *   evidence is there. An active rate alert clears only when the effect is gone, that is when the ratio falls
 *   below halfway to the threshold (hysteresis), so an alert on a noisy window does not flap.</li>
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
    private final CanaryIncidentConfig incidents;

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
        this.incidents = config.incidents();
    }

    /** The incident group of this comparison, e.g. {@code canary-5.0007.610.011}. */
    public String group() {
        return "canary-" + canaryBuild;
    }

    public String mode() {
        return seedCompatible ? CanaryConfig.SEED_COMPATIBLE : CanaryConfig.RATE;
    }

    /** Applies one second's counts (all of one second, any builds and codes). */
    public void accept(CanaryState state, long second, List<SecondCount> counts, Consumer<CanaryAlert> alerts,
            Consumer<BinCell> cells) {
        accept(state, second, counts, alerts, cells, heat -> { });
    }

    /** As above, also reporting after every finished bin which codes are in alert, for incident promotion. */
    public void accept(CanaryState state, long second, List<SecondCount> counts, Consumer<CanaryAlert> alerts,
            Consumer<BinCell> cells, Consumer<GroupHeat> heat) {
        if (state.binStart == null) {
            state.origin = baseMillis + Math.floorDiv(second - baseMillis, binMillis) * binMillis;
            state.binStart = state.origin;
            state.open.start = state.binStart;
        }
        if (second >= state.binStart + binMillis) {
            finish(state, alerts, cells, heat);
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

    private void finish(CanaryState state, Consumer<CanaryAlert> alerts, Consumer<BinCell> cells,
            Consumer<GroupHeat> heat) {
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
        TreeMap<Integer, Evidence> strongest = new TreeMap<>();
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
                assess(state, code, w, window, start, label(bin.start), end, codes.size(), alerts, strongest);
            }
        }
        heat.accept(heat(end, strongest));
    }

    /** The bin as incident heat: codes in alert are hot subjects, with the builds; strongest effect is the temperature. */
    private GroupHeat heat(Instant end, TreeMap<Integer, Evidence> strongest) {
        if (strongest.isEmpty()) {
            return new GroupHeat(group(), end, 0, threshold, null, true, List.of(), List.of());
        }
        double effect = strongest.values().stream().mapToDouble(Evidence::value).max().orElse(0);
        Severity severity = strongest.size() >= incidents.sev1MinCodes() || effect >= incidents.sev1Effect()
                ? Severity.SEV1 : Severity.SEV2;
        List<String> subjects = new ArrayList<>();
        strongest.keySet().forEach(code -> subjects.add(subject(code)));
        subjects.add("canary " + canaryBuild);
        subjects.add("baseline " + baselineBuild);
        return new GroupHeat(group(), end, effect, threshold, severity, false, subjects,
                new ArrayList<>(strongest.values()));
    }

    static String subject(int code) {
        return "code " + code;
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
            Instant at, int codesCompared, Consumer<CanaryAlert> alerts, Map<Integer, Evidence> strongest) {
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
            long otherBaseline = baselineTotal - baseline;
            long otherCanary = canaryTotal - canary;
            double raw;
            if (usersShare != null || otherBaseline + otherCanary < baseline + canary) {
                // a known users share, or a code that is most of the errors: then the other codes are too few to
                // measure traffic, and all errors (this code included, which makes the test conservative) do
                double share = usersShare != null ? usersShare : baselineTotal + canaryTotal == 0 ? 0.5
                        : (double) canaryTotal / (baselineTotal + canaryTotal);
                value = rateRatio(baseline, canary, share);
                raw = upperTail(baseline + canary, canary, share);
            } else {
                value = ((canary + 0.5) / (otherCanary + 0.5)) / ((baseline + 0.5) / (otherBaseline + 0.5));
                raw = fisherUpperTail(canary, baseline, otherCanary, otherBaseline);
            }
            // Bonferroni over the codes compared at once: one noisy code among many must not alert by chance
            pValue = Math.min(1.0, raw * codesCompared);
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
            Evidence known = strongest.get(code);
            if (known == null || value > known.value()) {
                strongest.put(code, Evidence.ofErrorCode(subject(code), value, threshold, baseline, canary, pValue));
            }
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
        long otherBaseline = bin.baselineTotal - bin.baseline(code);
        long otherCanary = bin.canaryTotal - bin.canary(code);
        if (usersShare != null || otherBaseline + otherCanary < bin.baseline(code) + bin.canary(code)) {
            double share = usersShare != null ? usersShare : bin.baselineTotal + bin.canaryTotal == 0 ? 0.5
                    : (double) bin.canaryTotal / (bin.baselineTotal + bin.canaryTotal);
            return standardScore(bin.baseline(code), bin.canary(code), share);
        }
        return twoProportionScore(bin.canary(code), bin.baseline(code), otherCanary, otherBaseline);
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

    /**
     * One-sided Fisher exact test on the table (this code, all other codes) x (canary, baseline): the probability,
     * given all four margins, that the canary holds at least {@code canary} of the code's errors. It weighs the
     * uncertainty of both the code's split and the traffic split, so it is exact for rare codes and still right
     * when one code makes up most of the errors.
     */
    static double fisherUpperTail(long canary, long baseline, long otherCanary, long otherBaseline) {
        if (canary <= 0) {
            return 1.0;
        }
        long population = canary + baseline + otherCanary + otherBaseline;
        if (population > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many events in one window: " + population);
        }
        HypergeometricDistribution distribution = new HypergeometricDistribution(null, (int) population,
                (int) (canary + otherCanary), (int) (canary + baseline));
        return distribution.upperCumulativeProbability((int) canary);
    }

    /**
     * How many standard errors the canary's share of this code lies above its share of the other codes (the
     * two-proportion z score); 0 without errors of the code.
     */
    static double twoProportionScore(long canary, long baseline, long otherCanary, long otherBaseline) {
        long n = canary + baseline;
        long m = otherCanary + otherBaseline;
        if (n == 0 || m == 0) {
            return 0;
        }
        double pooled = (double) (canary + otherCanary) / (n + m);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n + 1.0 / m));
        return se == 0 ? 0 : ((double) canary / n - (double) otherCanary / m) / se;
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
