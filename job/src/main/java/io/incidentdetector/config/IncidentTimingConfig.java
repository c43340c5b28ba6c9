package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * When heat becomes an incident and when it ends, as durations of evidence: the same values mean the same thing at
 * 10-second windows and at 1-minute or 1-hour replay steps. Both are rounded up to whole windows, at least one.
 *
 * @param openAfter    how long a group must stay hot before heat becomes (or escalates) an incident
 * @param resolveAfter how long the temperature must stay below the group's resolve-below to resolve
 */
public record IncidentTimingConfig(Duration openAfter, Duration resolveAfter) implements Serializable {

    public IncidentTimingConfig {
        openAfter = openAfter == null ? Duration.ofSeconds(20) : openAfter;
        resolveAfter = resolveAfter == null ? Duration.ofSeconds(30) : resolveAfter;
    }

    /** Every setting at its default. */
    public static IncidentTimingConfig defaults() {
        return new IncidentTimingConfig(null, null);
    }

    void check(Problems p) {
        p.positive("latency.incidents.open-after", openAfter, "20s");
        p.positive("latency.incidents.resolve-after", resolveAfter, "30s");
    }

    /** Consecutive hot windows of {@code window} that make {@link #openAfter}. */
    public int openAfterWindows(Duration window) {
        return WindowCount.covering(openAfter, window);
    }

    /** Consecutive cool windows of {@code window} that make {@link #resolveAfter}. */
    public int resolveAfterWindows(Duration window) {
        return WindowCount.covering(resolveAfter, window);
    }
}
