package io.incidentdetector.incident;

import io.incidentdetector.heat.PairHeat;
import io.incidentdetector.judge.WindowVerdict;

/** Why a subject is part of an incident: its latest observation, band, errors and accumulator. */
public record Evidence(
        String subject, double y, Double yhat, Double yMin, Double yMax, Double mae, Double mape, double accumulator,
        double threshold) {

    public static Evidence of(PairHeat heat) {
        WindowVerdict v = heat.verdict();
        return new Evidence(heat.pair(), v.y(), v.yhat(), v.yMin(), v.yMax(), v.mae(), v.mape(), heat.accumulator(),
                heat.threshold());
    }
}
