package io.incidentdetector.canary.alert;

import java.time.Instant;

/**
 * One alert of a (code, window length): the canary build's errors of {@code code} over the last {@code window}
 * bins, from the bin starting at {@code start} to the bin starting at {@code stop} (labels: {@code H:MM:SS} for
 * seed files, ISO-8601 otherwise).
 *
 * @param value    seed-compatible: mean count difference canary minus baseline per bin; rate: rate ratio
 * @param at       event time at which the assessment was made (end of the stop bin)
 * @param pValue   rate mode: one-sided p-value of the canary's excess (exact and overdispersion-aware tests,
 *                 the larger, times the number of codes compared); null in seed-compatible mode
 */
public record CanaryAlert(
        int code,
        int window,
        String start,
        String stop,
        double value,
        double threshold,
        String mode,
        AlertStatus status,
        Instant at,
        long baselineCount,
        long canaryCount,
        Double pValue) {}
