package io.incidentdetector.canary;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.CanaryIncidentConfig;
import io.incidentdetector.event.SeedCsvErrorParser;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Severity;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

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
 *   <li><b>rate</b> compares rates: over the last w bins (by time), is the canary's share of a code's errors
 *   larger than its share of traffic (the other codes' errors, or a users ratio)? The p-value is the larger of
 *   an exact test (Fisher's on code/other codes x canary/baseline, or binomial against a users ratio) and an
 *   overdispersion-aware quasi-binomial test, times the number of codes and window lengths (Bonferroni). The
 *   alert needs that p-value at or below {@code 1 - confidence}, at least {@code min-count} canary errors and a
 *   rate ratio above the threshold, so common codes with noisy rates do not alert while rare codes still can.
 *   An active alert holds while the effect is still there (hysteresis) and clears when it is gone; bins also
 *   finish by event time while an alert is active, so a silent canary clears.</li>
 * </ul>
 */
public final class CanaryComparison implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Above this many errors on both sides, tail probabilities use normal approximations. */
    static final long LARGE = 1000;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);


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
        if (seedCompatible) {
            // the script appends a second's counts only when a row of a later second arrives and never flushes after
            // its loop: each second is applied when the next one comes, and the last second of the input never is
            Long held = state.heldSecond;
            List<SecondCount> heldCounts = state.heldCounts;
            state.heldSecond = second;
            state.heldCounts = new ArrayList<>(counts);
            if (held == null) {
                return;
            }
            second = held;
            counts = heldCounts;
        }
        if (state.binStart == null) {
            // the seed's bins start at 0:00:00 of its files; elsewhere at the bin of the first record
            state.origin = seedCompatible && clockLabels ? baseMillis
                    : baseMillis + Math.floorDiv(second - baseMillis, binMillis) * binMillis;
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

    /**
     * Rate mode: finishes the open bin when event time has passed its end, although no record came to close it, so
     * that a silent canary cools down and its incident can resolve. Returns whether any alert is still active.
     */
    public boolean closeIfDue(CanaryState state, long now, Consumer<CanaryAlert> alerts, Consumer<BinCell> cells,
            Consumer<GroupHeat> heat) {
        if (seedCompatible || state.binStart == null) {
            return false;
        }
        if (state.binStart + binMillis <= now) {
            finish(state, alerts, cells, heat);
            state.binStart = state.binStart + binMillis;
            state.open = new FinishedBin();
            state.open.start = state.binStart;
            state.open.index = (state.binStart - state.origin) / binMillis;
        }
        return !state.active.isEmpty();
    }

    /** Where the open bin ends (epoch ms); meaningful after the first record. */
    public long openBinEnd(CanaryState state) {
        return state.binStart + binMillis;
    }

    public boolean seedCompatible() {
        return seedCompatible;
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
        WindowCounts counts = WindowCounts.of(window, code);
        long baseline = counts.baseline();
        long canary = counts.canary();
        double value;
        Double pValue = null;
        boolean holds;
        boolean comparable = true;
        if (seedCompatible) {
            value = (double) (canary - baseline) / w;
            holds = value > threshold;
        } else {
            RateEvidence evidence = rate(counts, state.recent, code, codesCompared);
            value = evidence.ratio();
            pValue = evidence.pValue();
            comparable = evidence.comparable();
            holds = comparable && canary >= minCount && value > threshold && pValue <= alpha;
        }
        String key = code + "/" + w;
        boolean wasActive = state.active.containsKey(key);
        if (!seedCompatible && wasActive && !holds) {
            // hysteresis: an active rate alert holds while the effect is still there (traffic to compare, enough
            // canary errors, the ratio above halfway to the threshold), not only while it passes the strict test
            holds = comparable && canary >= minCount && value > (1 + threshold) / 2;
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
        if (usersShare != null) {
            return standardScore(bin.baseline(code), bin.canary(code), usersShare);
        }
        return twoProportionScore(bin.canary(code), bin.baseline(code), otherCanary, otherBaseline);
    }

    /** A code's errors in a window, and all errors of each build there. */
    record WindowCounts(long baseline, long canary, long baselineTotal, long canaryTotal) {
        static WindowCounts of(List<FinishedBin> window, int code) {
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
            return new WindowCounts(baseline, canary, baselineTotal, canaryTotal);
        }
    }

    /** The rate comparison of one code over a window. {@code comparable} is false when traffic cannot be measured. */
    record RateEvidence(double ratio, double pValue, boolean comparable) {}

    /**
     * Compares the canary's share of this code's errors with its share of traffic (the users ratio, or the other
     * codes' errors). The p-value is an exact test (binomial against a known share, Fisher's on code/other codes
     * x canary/baseline otherwise). Real error counts are often noisier than Poisson: when the code's canary
     * share, or the traffic split, varies between the kept bins ({@code history}) more than binomial noise would,
     * the p-value is the larger of the exact one and a quasi-binomial t test whose variance carries that measured
     * dispersion (Student's t with bins - 1 degrees of freedom, as the dispersion is estimated from few bins). Without
     * it a common code with a noisy rate alerts by chance. Bonferroni over {@code tests} (the codes compared; the
     * window lengths are nested, so they are not counted as independent tests).
     */
    RateEvidence rate(WindowCounts counts, List<FinishedBin> history, int code, int tests) {
        long canary = counts.canary();
        long baseline = counts.baseline();
        long otherCanary = counts.canaryTotal() - canary;
        long otherBaseline = counts.baselineTotal() - baseline;
        long n = canary + baseline;
        long m = otherCanary + otherBaseline;
        double share;
        if (usersShare != null) {
            share = usersShare;
        } else if (otherCanary > 0 && otherBaseline > 0) {
            share = (double) otherCanary / m;
        } else {
            return new RateEvidence(1.0, 1.0, false);
        }
        if (n == 0) {
            return new RateEvidence(1.0, 1.0, true);
        }
        double ratio = rateRatio(baseline, canary, share);
        double exact = usersShare != null ? upperTail(n, canary, share)
                : fisherUpperTail(canary, baseline, otherCanary, otherBaseline);
        // the code's own split, and (unless the users ratio is known) the traffic split it is compared with, each
        // with its measured dispersion: noise in this code or in the others must not look like a regression
        // dispersion is measured over all the bins kept (the longest window), not just this window: from five bins
        // alone it would too often come out at 1 by chance
        double own = dispersion(history, code, (double) canary / n, false);
        double traffic = usersShare != null ? 1 : dispersion(history, code, share, true);
        double p = exact;
        if (own > 1 || traffic > 1) {
            double variance = n * share * (1 - share) * (own + (usersShare != null ? 0 : traffic * (double) n / m));
            int degrees = Math.max(1, binsWithData(history, code) - 1);
            double t = (canary - n * share) / Math.sqrt(variance);
            p = Math.max(exact, 1 - new TDistribution(null, degrees).cumulativeProbability(t));
        }
        return new RateEvidence(ratio, Math.min(1.0, p * tests), true);
    }

    private static int binsWithData(List<FinishedBin> bins, int code) {
        int count = 0;
        for (FinishedBin b : bins) {
            count += b.canaryTotal + b.baselineTotal > 0 ? 1 : 0;
        }
        return count;
    }

    /**
     * Dispersion of the per-bin canary share (of this code, or of all other codes) relative to binomial noise,
     * from successive differences of the standardised shares: about 1 when bins vary only as binomial noise
     * would, larger when rates are noisier. Differences of neighbouring bins, unlike deviations from one pooled
     * share, hardly react to a regression that starts within the bins, which must stay detectable. Never below 1.
     */
    static double dispersion(List<FinishedBin> bins, int code, double pooled, boolean otherCodes) {
        if (pooled <= 0 || pooled >= 1) {
            return 1;
        }
        double sum = 0;
        int differences = 0;
        Double previous = null;
        for (FinishedBin b : bins) {
            long canary = otherCodes ? b.canaryTotal - b.canary(code) : b.canary(code);
            long n = canary + (otherCodes ? b.baselineTotal - b.baseline(code) : b.baseline(code));
            if (n == 0) {
                continue;
            }
            double z = ((double) canary / n - pooled) / Math.sqrt(pooled * (1 - pooled) / n);
            if (previous != null) {
                sum += (z - previous) * (z - previous);
                differences++;
            }
            previous = z;
        }
        return differences < 1 ? 1 : Math.max(1, sum / (2.0 * differences));
    }

    /**
     * How many standard deviations the canary's count lies above what its traffic share predicts; 0 without
     * errors. Unlike the ratio it stays near 0 for a code seen once or twice, so a heatmap of it shows evidence.
     */
    static double standardScore(long baseline, long canary, double canaryShare) {
        long n = baseline + canary;
        if (n == 0 || canaryShare <= 0 || canaryShare >= 1) {
            return 0;
        }
        return (canary - n * canaryShare) / Math.sqrt(n * canaryShare * (1 - canaryShare));
    }

    /**
     * Canary rate over baseline rate, each count normalised by its build's share of traffic, with half an event
     * added to both counts so that a code absent from one build gives a finite ratio.
     */
    static double rateRatio(long baseline, long canary, double canaryShare) {
        if (canaryShare <= 0 || canaryShare >= 1) {
            return 1.0;
        }
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
        long sample = canary + baseline;
        long successes = canary + otherCanary;
        if (sample > LARGE && population - sample > LARGE) {
            // large counts: the normal approximation of the hypergeometric (with continuity correction) is accurate
            // and costs O(1) instead of a sum over thousands of terms
            double mean = (double) sample * successes / population;
            double variance = mean * (population - successes) / population * (population - sample) / (population - 1);
            return variance <= 0 ? (canary > mean ? 0.0 : 1.0)
                    : 1 - STANDARD_NORMAL.cumulativeProbability((canary - 0.5 - mean) / Math.sqrt(variance));
        }
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
