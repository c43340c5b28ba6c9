package io.incidentdetector.picture;

import java.time.Duration;
import java.time.Instant;

/**
 * Errors of one code from each build over a stretch of time ending at {@code end}: a heatmap cell (one bin) or a
 * canary alert (its window of bins).
 */
public record RatePoint(int code, Instant end, Duration length, long baselineCount, long canaryCount) {

    public double baselinePerMinute() {
        return perMinute(baselineCount);
    }

    public double canaryPerMinute() {
        return perMinute(canaryCount);
    }

    private double perMinute(long count) {
        return length.isZero() || length.isNegative() ? Double.NaN : count * 60_000.0 / length.toMillis();
    }
}
