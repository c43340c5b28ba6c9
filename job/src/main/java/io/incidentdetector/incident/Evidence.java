package io.incidentdetector.incident;

/**
 * Why a subject is part of an incident. Latency: the pair's latest observation, band, errors, accumulator and
 * threshold (observation fields null for a window without traffic). Error rate: the code's effect
 * ({@code value}: rate ratio or mean difference), error counts in the window, p-value and threshold; the latency
 * fields are null.
 */
public record Evidence(
        String subject, Double y, Double yhat, Double yMin, Double yMax, Double mae, Double mape, Double accumulator,
        double threshold, Double value, Long baselineCount, Long canaryCount, Double pValue) {

    /** Evidence of a slow service pair; the observation fields are null for a window without traffic. */
    public static Evidence ofPair(String pair, Double y, Double yhat, Double yMin, Double yMax, Double mae,
            Double mape, double accumulator, double threshold) {
        return new Evidence(pair, y, yhat, yMin, yMax, mae, mape, accumulator, threshold, null, null, null, null);
    }

    /** Evidence of a regressing error code. */
    public static Evidence ofErrorCode(String subject, double value, double threshold, long baselineCount,
            long canaryCount, Double pValue) {
        return new Evidence(subject, null, null, null, null, null, null, null, threshold, value, baselineCount,
                canaryCount, pValue);
    }
}
