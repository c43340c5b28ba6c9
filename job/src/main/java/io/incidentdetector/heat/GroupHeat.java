package io.incidentdetector.heat;

import io.incidentdetector.incident.Severity;

import java.time.Instant;
import java.util.List;

/**
 * A group's incident temperature after a window: the sum of its pairs' accumulators, the pairs that are hot,
 * and the severity this window alone would justify ({@code null} when it justifies none).
 *
 * @param cool     temperature below the group's resolve-below
 * @param pairs    latest heat of every pair that still carries heat or reported this window
 */
public record GroupHeat(
        String group,
        Instant time,
        double temperature,
        double threshold,
        Severity severity,
        boolean cool,
        List<String> hotPairs,
        List<PairHeat> pairs) {

    public boolean hot() {
        return severity != null;
    }
}
