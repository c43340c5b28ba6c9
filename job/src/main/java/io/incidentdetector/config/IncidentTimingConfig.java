package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * @param openAfterWindows consecutive hot windows before heat becomes (or escalates) an incident
 * @param resolveAfter     how long the temperature must stay below the group's resolve-below to resolve
 */
public record IncidentTimingConfig(Integer openAfterWindows, Duration resolveAfter) implements Serializable {

    public IncidentTimingConfig {
        openAfterWindows = openAfterWindows == null ? 2 : openAfterWindows;
        resolveAfter = resolveAfter == null ? Duration.ofSeconds(30) : resolveAfter;
    }

    /** Every setting at its default. */
    public static IncidentTimingConfig defaults() {
        return new IncidentTimingConfig(null, null);
    }
}
