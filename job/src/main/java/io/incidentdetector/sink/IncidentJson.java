package io.incidentdetector.sink;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;

/**
 * The incident record as it is written (Kafka, JSON lines), of bounded size whatever the group: at most
 * {@value #MAX_LISTED} subjects, evidence entries and related incidents, and a summary of at most
 * {@value #MAX_SUMMARY_CHARS} characters. A group of thousands of hot pairs (a {@code dst:} group of a popular
 * service) would otherwise give a record of megabytes, larger than a Kafka record may be. What is left out is
 * counted in {@code subjectsNotShown}, {@code evidenceNotShown} and {@code relatedNotShown}; the evidence kept is
 * the hottest. An incident within the bounds is written exactly as the record's own JSON.
 */
public final class IncidentJson {

    public static final int MAX_LISTED = 100;
    public static final int MAX_SUMMARY_CHARS = 1_000;

    private IncidentJson() {}

    public static String line(Incident incident) {
        try {
            if (withinBounds(incident)) {
                return JsonCodec.mapper().writeValueAsString(incident);
            }
            return JsonCodec.mapper().writeValueAsString(bounded(incident));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write incident " + incident.id() + " as JSON", e);
        }
    }

    static boolean withinBounds(Incident incident) {
        return incident.subjects().size() <= MAX_LISTED && incident.evidence().size() <= MAX_LISTED
                && incident.related().size() <= MAX_LISTED
                && (incident.summary() == null || incident.summary().length() <= MAX_SUMMARY_CHARS);
    }

    private static ObjectNode bounded(Incident incident) {
        ObjectNode json = JsonCodec.mapper().valueToTree(incident);
        if (incident.summary() != null) {
            json.put("summary", Shown.cut(incident.summary(), MAX_SUMMARY_CHARS));
        }
        listed(json, "subjects", incident.subjects());
        List<Evidence> hottest = incident.evidence().stream().sorted(Comparator.comparingDouble(IncidentJson::heat)
                .reversed()).limit(MAX_LISTED).toList();
        listed(json, "evidence", incident.evidence().size(), hottest);
        listed(json, "related", incident.related());
        return json;
    }

    /** Latency evidence by its accumulator, error-rate evidence by its effect. */
    private static double heat(Evidence e) {
        Double h = e.accumulator() != null ? e.accumulator() : e.value();
        return h == null || h.isNaN() ? Double.NEGATIVE_INFINITY : h;
    }

    private static void listed(ObjectNode json, String field, List<?> all) {
        listed(json, field, all.size(), all.subList(0, Math.min(all.size(), MAX_LISTED)));
    }

    private static void listed(ObjectNode json, String field, int total, List<?> shown) {
        if (total <= MAX_LISTED || !json.has(field)) {
            return;
        }
        ArrayNode array = json.putArray(field);
        shown.forEach(item -> array.add(JsonCodec.mapper().valueToTree(item)));
        json.put(field + "NotShown", total - shown.size());
    }
}
