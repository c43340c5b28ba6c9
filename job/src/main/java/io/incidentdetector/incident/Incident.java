package io.incidentdetector.incident;

import java.time.Instant;
import java.util.List;

/**
 * The incident contract shared by every pipeline. One {@code id} per episode (use it as a dedup or compaction
 * key); one record when it opens, one per update (escalation, new subject, new suspect or link), one when it
 * resolves. Times are event time.
 *
 * @param suspect       what is most likely at fault (latency): a service, or a pair {@code caller->callee} for
 *                      kind {@link SuspectKind#EDGE}; null for error-rate incidents
 * @param suspectKind   what the suspect is: a slow service, a service whose calls out are slow, or one edge
 * @param suspectReason why, in one line, in terms of the heat
 * @param related       ids of open incidents linked to this one: for a root, the incidents upstream of it; for an
 *                      upstream incident, its root
 * @param silence       the control-topic silence this record falls in (it is not notified), or null
 * @param acknowledged  who acknowledged the incident and when (updates at the same severity are not notified), or
 *                      null
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
        List<Evidence> evidence,
        String suspect,
        SuspectKind suspectKind,
        String suspectReason,
        List<String> related,
        String silence,
        String acknowledged) {

    public Incident {
        subjects = subjects == null ? List.of() : List.copyOf(subjects);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** An incident without a suspect yet (the correlation names it for latency incidents). */
    public Incident(String id, IncidentStatus status, Severity severity, IncidentKind kind, String group,
            List<String> subjects, Instant openedAt, Instant updatedAt, Instant resolvedAt, double temperature,
            String summary, List<Evidence> evidence) {
        this(id, status, severity, kind, group, subjects, openedAt, updatedAt, resolvedAt, temperature, summary,
                evidence, null, null, null, List.of(), null, null);
    }

    /** Stable per episode and the same on every rerun of the same data: kind, group and opening event time. */
    public static String idFor(IncidentKind kind, String group, Instant openedAt) {
        return kind.name().toLowerCase().replace('_', '-') + "-" + group + "-" + openedAt.getEpochSecond();
    }

    public Incident withSuspect(String newSuspect, SuspectKind newKind, String reason, List<String> newRelated) {
        return new Incident(id, status, severity, kind, group, subjects, openedAt, updatedAt, resolvedAt, temperature,
                summary, evidence, newSuspect, newKind, reason, newRelated, silence, acknowledged);
    }

    public Incident withStatus(IncidentStatus newStatus, Instant at, String newSummary) {
        return new Incident(id, newStatus, severity, kind, group, subjects, openedAt, at, resolvedAt, temperature,
                newSummary, evidence, suspect, suspectKind, suspectReason, related, silence, acknowledged);
    }

    /** This record as the control topic leaves it: marked silenced and/or acknowledged (null: not). */
    public Incident withControl(String newSilence, String newAcknowledged) {
        return new Incident(id, status, severity, kind, group, subjects, openedAt, updatedAt, resolvedAt, temperature,
                summary, evidence, suspect, suspectKind, suspectReason, related, newSilence, newAcknowledged);
    }

    /** The record under another id and status (a hand-resolved episode that escalates is announced anew). */
    public Incident as(String newId, IncidentStatus newStatus, Instant newResolvedAt, String newSummary) {
        return new Incident(newId, newStatus, severity, kind, group, subjects, openedAt, updatedAt, newResolvedAt,
                temperature, newSummary, evidence, suspect, suspectKind, suspectReason, related, silence, acknowledged);
    }
}
