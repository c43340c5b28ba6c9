package io.incidentdetector.canary;

import java.util.HashMap;
import java.util.Map;

/** A finished bin kept for window evaluation (a Flink POJO, part of {@link CanaryState}). */
public class FinishedBin {
    public long start;
    /** Bins since the first one, by start time. */
    public long index;
    public Map<Integer, Long> baseline = new HashMap<>();
    public Map<Integer, Long> canary = new HashMap<>();
    public long baselineTotal;
    public long canaryTotal;

    public FinishedBin() {}

    long baseline(int code) {
        return baseline.getOrDefault(code, 0L);
    }

    long canary(int code) {
        return canary.getOrDefault(code, 0L);
    }
}
