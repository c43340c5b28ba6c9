package io.incidentdetector.incident.correlation;

import io.incidentdetector.incident.Incident;

/**
 * An open incident as the correlation last saw it.
 *
 * @param incident  the last record, with the suspect and links last emitted when published
 * @param published false while its heat is already reported by another open incident (its pairs are all that
 *                  incident's): it stays silent unless it gains a pair of its own
 */
public record TrackedIncident(Incident incident, boolean published) {}
