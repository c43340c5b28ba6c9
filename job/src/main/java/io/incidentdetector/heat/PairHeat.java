package io.incidentdetector.heat;

import io.incidentdetector.incident.Evidence;
import io.incidentdetector.judge.WindowVerdict;

import java.time.Instant;

/**
 * A pair's accumulator after a window, with the verdict that moved it ({@code null} for a window in which the
 * pair had no traffic). Hot means above its own threshold.
 */
public record PairHeat(Instant time, String pair, double accumulator, double threshold, boolean hot, WindowVerdict verdict) {

    /** What this heat says in an incident. */
    public Evidence evidence() {
        WindowVerdict v = verdict;
        return v == null ? Evidence.ofPair(pair, null, null, null, null, null, null, accumulator, threshold)
                : Evidence.ofPair(pair, v.y(), v.yhat(), v.yMin(), v.yMax(), v.mae(), v.mape(), accumulator, threshold);
    }
}
