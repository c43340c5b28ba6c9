package io.incidentdetector.incident;

import io.incidentdetector.heat.PairHeat;
import io.incidentdetector.judge.WindowVerdict;

/**
 * Why a subject is part of an incident. Latency: the pair's latest observation, band, errors, accumulator and
 * threshold (observation fields null for a window without traffic). Error rate: the code's effect
 * ({@code value}: rate ratio or mean difference), error counts in the window, p-value and threshold; the latency
 * fields are null.
 */
public record Evidence(
        String subject, Double y, Double yhat, Double yMin, Double yMax, Double mae, Double mape, Double accumulator,
        double threshold, Double value, Long baselineCount, Long canaryCount, Double pValue) {

    /** Evidence of a regressing error code. */
    public static Evidence ofErrorCode(String subject, double value, double threshold, long baselineCount,
            long canaryCount, Double pValue) {
        return new Evidence(subject, null, null, null, null, null, null, null, threshold, value, baselineCount,
                canaryCount, pValue);
    }

    public static Evidence of(PairHeat heat) {
        WindowVerdict v = heat.verdict();
        if (v == null) {
            return new Evidence(heat.pair(), null, null, null, null, null, null, heat.accumulator(), heat.threshold(),
                    null, null, null, null);
        }
        return new Evidence(heat.pair(), v.y(), v.yhat(), v.yMin(), v.yMax(), v.mae(), v.mape(), heat.accumulator(),
                heat.threshold(), null, null, null, null);
    }
}
