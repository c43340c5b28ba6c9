package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The alerts the sink holds: every firing label set, and resolved ones for a while, so that a resolution that did not
 * get through is sent again. Turns incident records into alert changes; wall-clock time is passed in.
 *
 * <p>Times: Alertmanager wants wall-clock times, incidents carry event time (a replay of old data, or the future). A
 * time of an incident is used as it is when it is not in the future, and is {@code now} otherwise.
 */
final class AlertBook {

    private final IncidentAlerts mapping;
    private final Duration keepResolved;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, String> firingByIncident = new HashMap<>();

    /**
     * @param keepResolved how long a resolved alert is still re-sent: until Alertmanager would have let it expire
     *                     anyway had the resolution been lost
     */
    AlertBook(IncidentAlerts mapping, Duration keepResolved, Collection<Alert> restored) {
        this.mapping = mapping;
        this.keepResolved = keepResolved;
        for (Alert alert : restored) {
            alerts.put(alert.key(), alert);
            if (alert.isFiring()) {
                firingByIncident.put(alert.incidentId(), alert.key());
            }
        }
    }

    /** Applies one incident record; returns the alerts it changed, to be sent at once. */
    List<Alert> apply(Incident incident, Instant now) {
        SortedMap<String, String> labels = mapping.labels(incident);
        Map<String, String> annotations = mapping.annotations(incident);
        String key = Alert.key(labels);
        String firing = firingByIncident.get(incident.id());
        List<Alert> changed = new ArrayList<>();
        if (incident.status() == IncidentStatus.RESOLVED) {
            Instant at = wallClock(incident.resolvedAt() != null ? incident.resolvedAt() : incident.updatedAt(), now);
            firingByIncident.remove(incident.id());
            Alert current = firing == null ? null : alerts.get(firing);
            // without a firing alert (a job started from empty state mid-episode), the resolution is still worth sending
            Alert resolved = (current != null ? current : Alert.firing(incident.id(), labels, annotations,
                    wallClock(incident.openedAt(), now))).resolved(at, annotations, now.plus(keepResolved));
            put(resolved, changed);
            return changed;
        }
        Instant changedAt = wallClock(incident.updatedAt() != null ? incident.updatedAt() : incident.openedAt(), now);
        if (firing != null && !firing.equals(key)) {
            // a new severity or suspect is a new label set: end the old one, so Alertmanager shows only the current one
            Alert previous = alerts.get(firing);
            put(previous.resolved(changedAt, previous.annotations(), now.plus(keepResolved)), changed);
        }
        Alert existing = alerts.get(key);
        Instant startsAt = existing != null && existing.isFiring() ? existing.startsAt()
                : firing == null ? wallClock(incident.openedAt(), now) : changedAt;
        put(Alert.firing(incident.id(), labels, annotations, startsAt), changed);
        firingByIncident.put(incident.id(), key);
        return changed;
    }

    /** Forgets resolved alerts whose time to be re-sent is over. */
    void expire(Instant now) {
        alerts.values().removeIf(alert -> !alert.isFiring() && alert.keepUntil().isBefore(now));
    }

    /** Every alert held, firing and recently resolved. */
    List<Alert> alerts() {
        return new ArrayList<>(alerts.values());
    }

    int firing() {
        return firingByIncident.size();
    }

    static Instant wallClock(Instant eventTime, Instant now) {
        return eventTime == null || eventTime.isAfter(now) ? now : eventTime;
    }

    private void put(Alert alert, List<Alert> changed) {
        alerts.put(alert.key(), alert);
        changed.add(alert);
    }
}
