package io.incidentdetector.incident;

/** Lifecycle of one incident episode: one OPEN, any number of UPDATED, one RESOLVED. */
public enum IncidentStatus {
    OPEN,
    UPDATED,
    RESOLVED
}
