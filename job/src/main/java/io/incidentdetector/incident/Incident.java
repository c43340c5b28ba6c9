package io.incidentdetector.incident;

import java.time.Instant;
import java.util.List;

/**
 * The incident contract shared by every pipeline. One {@code id} per episode (use it as a dedup or compaction
 * key); one record when it opens, one per update (escalation, new subject), one when it resolves. Times are
 * event time.
 */
public record Incident(
        String id,
        IncidentStatus status,
        Severity severity,
        IncidentKind kind,
        String group,
        List<String> subjects,
        Instant openedAt,
        Instant updatedAt,
        Instant resolvedAt,
        double temperature,
        String summary,
        List<Evidence> evidence) {

    /** Stable per episode and the same on every rerun of the same data: kind, group and opening event time. */
    public static String idFor(IncidentKind kind, String group, Instant openedAt) {
        return kind.name().toLowerCase().replace('_', '-') + "-" + group + "-" + openedAt.getEpochSecond();
    }
}
