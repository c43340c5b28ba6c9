package io.incidentdetector.incident;

/** What kind of signal raised the incident. */
public enum IncidentKind {
    LATENCY,
    ERROR_RATE
}
