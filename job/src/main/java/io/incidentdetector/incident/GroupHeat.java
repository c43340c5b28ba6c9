package io.incidentdetector.incident;

import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Severity;

import java.time.Instant;
import java.util.List;

/**
 * What one window (or bin) says about a group: its temperature, the subjects that are hot, and the severity this
 * window alone would justify ({@code null} when it justifies none). The latency pipeline sums pair accumulators
 * into it; the canary pipeline counts regressing error codes. The CEP patterns and the incident lifecycle read
 * only this.
 *
 * @param cool        cool enough to count towards resolving an incident
 * @param hotSubjects the subjects (pairs, error codes) hot in this window
 * @param evidence    the latest evidence of every subject that carries heat or reported this window
 */
public record GroupHeat(
        String group,
        Instant time,
        double temperature,
        double threshold,
        Severity severity,
        boolean cool,
        List<String> hotSubjects,
        List<Evidence> evidence) {

    public boolean hot() {
        return severity != null;
    }
}
