package io.incidentdetector.incident;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Incidents a previous run left open, as a start without its state finds them in the incidents topic, and the record
 * that resolves each: the new run has no state to judge them by, so it closes them and says why. An incident whose
 * fault persists opens again under a new id once the new run has seen enough.
 */
public final class LeftOpen {

    /** The summary of every such resolution: consumers can tell it from a judged one. */
    public static final String REASON = "resolved without judgement: the detector restarted without its state;"
            + " re-opened if the fault persists";

    private LeftOpen() {}

    /**
     * The incidents whose latest record is not {@code RESOLVED}, from records in the order they were written (per
     * incident id; a {@code null} record is a deleted key).
     */
    public static List<Incident> open(Iterable<Map.Entry<String, Incident>> recordsById) {
        Map<String, Incident> latest = new LinkedHashMap<>();
        for (Map.Entry<String, Incident> record : recordsById) {
            latest.remove(record.getKey()); // keeps the order of the latest records
            if (record.getValue() != null) {
                latest.put(record.getKey(), record.getValue());
            }
        }
        List<Incident> open = new ArrayList<>();
        latest.values().forEach(incident -> {
            if (incident.status() != IncidentStatus.RESOLVED) {
                open.add(incident);
            }
        });
        return open;
    }

    /** The record that resolves {@code latest} at {@code at}: the same labels, so Alertmanager ends the same alert. */
    public static Incident resolution(Incident latest, Instant at) {
        return new Incident(latest.id(), IncidentStatus.RESOLVED, latest.severity(), latest.kind(), latest.group(),
                latest.subjects(), latest.openedAt(), at, at, latest.temperature(), REASON, latest.evidence(),
                latest.suspect(), latest.suspectKind(), latest.suspectReason(), latest.related(), latest.silence(),
                latest.acknowledged());
    }
}
