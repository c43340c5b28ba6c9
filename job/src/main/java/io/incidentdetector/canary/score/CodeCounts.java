package io.incidentdetector.canary.score;

import java.util.List;

/** One code's errors per build in a bin or a window, with each build's errors of all codes there. */
public record CodeCounts(long baseline, long canary, long baselineTotal, long canaryTotal) {

    public long otherBaseline() {
        return baselineTotal - baseline;
    }

    public long otherCanary() {
        return canaryTotal - canary;
    }

    public static CodeCounts sum(List<CodeCounts> bins) {
        long baseline = 0;
        long canary = 0;
        long baselineTotal = 0;
        long canaryTotal = 0;
        for (CodeCounts b : bins) {
            baseline += b.baseline;
            canary += b.canary;
            baselineTotal += b.baselineTotal;
            canaryTotal += b.canaryTotal;
        }
        return new CodeCounts(baseline, canary, baselineTotal, canaryTotal);
    }
}
