package io.incidentdetector.canary.score;

import io.incidentdetector.config.CanaryTraffic;
import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.canary.stats.Binomial;
import io.incidentdetector.canary.stats.Dispersion;
import io.incidentdetector.canary.stats.FisherExact;
import io.incidentdetector.canary.stats.QuasiBinomial;
import io.incidentdetector.canary.stats.RateRatio;
import io.incidentdetector.canary.stats.StandardScores;
import io.incidentdetector.config.CanaryConfig;

import java.util.List;

/**
 * Compares rates: over the last w bins (by time), is the canary's share of a code's errors larger than its share of
 * traffic (the other codes' errors, or a users ratio)? The p-value is the larger of an exact test (Fisher's on
 * code/other codes x canary/baseline, or binomial against a users ratio) and an overdispersion-aware quasi-binomial
 * test, times the number of codes compared (Bonferroni; the window lengths are nested, so they are not counted as
 * independent tests). The alert needs that p-value at or below {@code 1 - confidence}, at least {@code min-count}
 * canary errors and a rate ratio above the threshold, so common codes with noisy rates do not alert while rare codes
 * still can. An active alert holds while the effect is still there (hysteresis) and clears when it is gone; bins are
 * numbered by time, and also finish by event time, so a silent canary clears.
 */
public final class RateScorer implements BinScorer {

    private static final long serialVersionUID = 1L;

    private final double threshold;
    private final int minCount;
    private final double alpha;
    /** The canary's share of users when traffic is counted in users; null when it is measured by the other codes. */
    private final Double usersShare;

    public RateScorer(double threshold, int minCount, double alpha, Double usersShare) {
        this.threshold = threshold;
        this.minCount = minCount;
        this.alpha = alpha;
        this.usersShare = usersShare;
    }

    public static RateScorer of(CanaryConfig config) {
        return new RateScorer(config.threshold(), config.minCount(), 1 - config.confidence(),
                config.traffic() == CanaryTraffic.USERS
                        ? config.usersRatio() / (1 + config.usersRatio()) : null);
    }

    @Override
    public CanaryMode mode() {
        return CanaryMode.RATE;
    }

    @Override
    public long nextBinStart(long openStart, long second, long origin, long binMillis) {
        return origin + Math.floorDiv(second - origin, binMillis) * binMillis;
    }

    @Override
    public boolean holdsEachSecondUntilTheNext() {
        return false;
    }

    @Override
    public boolean closesByEventTime() {
        return true;
    }

    @Override
    public boolean repeatsWhileFiring() {
        return false;
    }

    /** The standard score of the canary's count given its share of traffic (0 = as expected). */
    @Override
    public double cellValue(CodeCounts bin) {
        if (usersShare != null) {
            return StandardScores.givenShare(bin.baseline(), bin.canary(), usersShare);
        }
        return StandardScores.twoProportion(bin.canary(), bin.baseline(), bin.otherCanary(), bin.otherBaseline());
    }

    @Override
    public WindowScore score(CodeCounts window, int length, List<CodeCounts> keptBins, int codesCompared,
            boolean active) {
        RateEvidence evidence = evidence(window, keptBins, codesCompared);
        boolean effect = evidence.comparable() && window.canary() >= minCount;
        boolean holds = effect && evidence.ratio() > threshold && evidence.pValue() <= alpha;
        if (active && !holds) {
            // hysteresis: an active rate alert holds while the effect is still there (traffic to compare, enough
            // canary errors, the ratio above halfway to the threshold), not only while it passes the strict test
            holds = effect && evidence.ratio() > (1 + threshold) / 2;
        }
        return new WindowScore(evidence.ratio(), evidence.pValue(), holds);
    }

    /** The rate comparison of one code over a window. {@code comparable} is false when traffic cannot be measured. */
    record RateEvidence(double ratio, double pValue, boolean comparable) {}

    /**
     * The exact p-value, raised to the quasi-binomial one when the code's canary share, or the traffic split it is
     * compared with, varies between the kept bins more than binomial noise would. Dispersion is measured over all
     * the bins kept (the longest window), not just this window: from five bins alone it would too often come out
     * at 1 by chance.
     */
    RateEvidence evidence(CodeCounts window, List<CodeCounts> keptBins, int tests) {
        long canary = window.canary();
        long baseline = window.baseline();
        long otherCanary = window.otherCanary();
        long otherBaseline = window.otherBaseline();
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
        double ratio = RateRatio.of(baseline, canary, share);
        double own = ownDispersion(keptBins, (double) canary / n);
        int degrees = Math.max(1, binsWithData(keptBins) - 1);
        double p = usersShare != null
                ? QuasiBinomial.pValueGivenShare(Binomial.upperTail(n, canary, share), canary, n, share, own,
                        degrees)
                : QuasiBinomial.pValueMeasuredShare(
                        FisherExact.upperTail(canary, baseline, otherCanary, otherBaseline), canary, n, share, own,
                        trafficDispersion(keptBins, share), m, degrees);
        return new RateEvidence(ratio, Math.min(1.0, p * tests), true);
    }

    /** Of the canary's share of this code's errors. */
    private static double ownDispersion(List<CodeCounts> bins, double pooled) {
        long[] canary = new long[bins.size()];
        long[] total = new long[bins.size()];
        for (int i = 0; i < canary.length; i++) {
            canary[i] = bins.get(i).canary();
            total[i] = canary[i] + bins.get(i).baseline();
        }
        return Dispersion.ofShares(canary, total, pooled);
    }

    /** Of the canary's share of the other codes' errors: the traffic split. */
    private static double trafficDispersion(List<CodeCounts> bins, double pooled) {
        long[] canary = new long[bins.size()];
        long[] total = new long[bins.size()];
        for (int i = 0; i < canary.length; i++) {
            canary[i] = bins.get(i).otherCanary();
            total[i] = canary[i] + bins.get(i).otherBaseline();
        }
        return Dispersion.ofShares(canary, total, pooled);
    }

    private static int binsWithData(List<CodeCounts> bins) {
        int count = 0;
        for (CodeCounts b : bins) {
            count += b.canaryTotal() + b.baselineTotal() > 0 ? 1 : 0;
        }
        return count;
    }
}
