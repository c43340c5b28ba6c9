package io.incidentdetector.incident;

/** What kind of thing an incident's suspect is: a slow service (callee), a service whose calls out are slow (caller), or one call edge. */
public enum SuspectKind {
    CALLEE, CALLER, EDGE
}
