package io.incidentdetector.incident;

import java.time.Instant;
import java.util.List;

/**
 * What a CEP pattern found in a group's heat: sustained heat at a severity, or a sustained cool-down.
 *
 * @param time     event time of the last window of the match
 * @param since    event time of the first window of the match
 */
public record HeatSignal(
        String group,
        Kind kind,
        Instant since,
        Instant time,
        Severity severity,
        double temperature,
        List<String> subjects,
        List<Evidence> evidence) {

    public enum Kind {
        SUSTAINED_HEAT,
        COOLED_DOWN
    }
}
