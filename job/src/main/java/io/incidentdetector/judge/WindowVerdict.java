package io.incidentdetector.judge;

import java.time.Instant;

/**
 * One pair's window judged against its baseline band (the seed monitor's gauges). Band fields are null while a
 * pair without training data is still learning.
 *
 * @param time         window end (event time)
 * @param anomalyCount 1 when {@code y} is outside {@code [yMin, yMax]}, else 0
 * @param mae          {@code |y - yhat|}
 * @param mape         {@code |y - yhat| / |y|}, a fraction; null when y is 0
 * @param model        trained, learned or learning; new-normal on the window where a lasting change became the
 *                     pair's new level
 */
public record WindowVerdict(
        Instant time,
        String pair,
        long count,
        double y,
        Double yhat,
        Double yMin,
        Double yMax,
        int anomalyCount,
        Double mae,
        Double mape,
        String model) {

    public static final String LEARNING = "learning";
    public static final String NEW_NORMAL = "new-normal";

    public boolean anomalous() {
        return anomalyCount > 0;
    }
}
