package io.incidentdetector.incident;

import io.incidentdetector.heat.PairHeat;
import io.incidentdetector.judge.WindowVerdict;

/**
 * Why a subject is part of an incident: its latest observation, band, errors and accumulator. The observation
 * fields are null for a window in which the subject had no traffic.
 */
public record Evidence(
        String subject, Double y, Double yhat, Double yMin, Double yMax, Double mae, Double mape, double accumulator,
        double threshold) {

    public static Evidence of(PairHeat heat) {
        WindowVerdict v = heat.verdict();
        if (v == null) {
            return new Evidence(heat.pair(), null, null, null, null, null, null, heat.accumulator(), heat.threshold());
        }
        return new Evidence(heat.pair(), v.y(), v.yhat(), v.yMin(), v.yMax(), v.mae(), v.mape(), heat.accumulator(),
                heat.threshold());
    }
}
