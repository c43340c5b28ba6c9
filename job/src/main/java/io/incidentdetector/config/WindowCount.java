package io.incidentdetector.config;

import java.time.Duration;

/** How many windows a duration of evidence takes, and durations with a floor in windows. */
public final class WindowCount {

    private WindowCount() {}

    /** How many windows {@code duration} takes: rounded up, at least one. */
    public static int covering(Duration duration, Duration window) {
        long w = window.toMillis();
        return (int) Math.max(1, (duration.toMillis() + w - 1) / w);
    }

    /** {@code duration}, or {@code windows} windows when that is longer: a span that suits any window length. */
    public static Duration atLeast(Duration duration, int windows, Duration window) {
        Duration floor = window.multipliedBy(windows);
        return floor.compareTo(duration) > 0 ? floor : duration;
    }
}
