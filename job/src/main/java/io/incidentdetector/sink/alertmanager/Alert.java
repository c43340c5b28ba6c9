package io.incidentdetector.sink.alertmanager;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert as the sink holds it: one label set of one incident. Times are wall-clock, as Alertmanager wants them.
 * Held in the sink's state (checkpoints, savepoints) through {@link AlertSerializer}, never through Kryo.
 *
 * @param labels      what identifies the alert in Alertmanager (it de-duplicates by them)
 * @param startsAt    when this label set began
 * @param endsAt      null while firing; when it ended once resolved
 * @param keepUntil   null while firing; until when a resolved alert is still re-sent
 */
public record Alert(String incidentId, SortedMap<String, String> labels, Map<String, String> annotations,
        Instant startsAt, Instant endsAt, Instant keepUntil) {

    public Alert {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    public static Alert firing(String incidentId, SortedMap<String, String> labels, Map<String, String> annotations,
            Instant startsAt) {
        return new Alert(incidentId, labels, annotations, startsAt, null, null);
    }

    public boolean isFiring() {
        return endsAt == null;
    }

    /** The same alert, resolved at {@code at} (never before it started, or Alertmanager refuses it). */
    public Alert resolved(Instant at, Map<String, String> newAnnotations, Instant keep) {
        return new Alert(incidentId, labels, newAnnotations, startsAt, at.isBefore(startsAt) ? startsAt : at, keep);
    }

    /** The identity of the label set, as Alertmanager's fingerprint is. */
    public String key() {
        return key(labels);
    }

    static String key(SortedMap<String, String> labels) {
        StringBuilder key = new StringBuilder();
        labels.forEach((name, value) -> key.append(name).append('\u0000').append(value).append('\u0001'));
        return key.toString();
    }
}
