package io.incidentdetector.config;

import java.time.Duration;

/** How many windows a duration of evidence takes: rounded up, at least one. */
public final class WindowCount {

    private WindowCount() {}

    public static int covering(Duration duration, Duration window) {
        long w = window.toMillis();
        return (int) Math.max(1, (duration.toMillis() + w - 1) / w);
    }
}
