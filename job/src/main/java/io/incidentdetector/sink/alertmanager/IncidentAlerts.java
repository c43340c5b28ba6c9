package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.correlation.SuspectSelection;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an incident looks like in Alertmanager: labels that identify it (so Alertmanager de-duplicates and routes by
 * them) and annotations that explain it. Severity and suspect are labels, so an escalation or a new suspect is a new
 * alert; the incident id is one too, so every episode is its own alert. {@code incident_role} tells a root from an
 * incident linked to a root below it, for an {@code inhibit_rules} entry that lets only roots page.
 */
public final class IncidentAlerts implements Serializable {

    private static final long serialVersionUID = 1L;

    /** {@code incident_role} of an incident no other incident explains. */
    public static final String ROOT = "root";
    /** {@code incident_role} of an incident whose suspect is the service of a root incident below it. */
    public static final String LINKED = "linked";

    private final AlertmanagerConfig config;

    public IncidentAlerts(AlertmanagerConfig config) {
        this.config = config;
    }

    public SortedMap<String, String> labels(Incident incident) {
        SortedMap<String, String> labels = new TreeMap<>(config.labels());
        labels.put("alertname", config.alertName());
        labels.put("severity", config.severities().get(incident.severity().name()));
        labels.put("incident_severity", incident.severity().name());
        labels.put("incident_role", SuspectSelection.linksToRootBelow(incident) ? LINKED : ROOT);
        labels.put("kind", incident.kind().name());
        labels.put("group", incident.group());
        labels.put("incident_id", incident.id());
        if (incident.suspect() != null && !incident.suspect().isBlank()) {
            labels.put("suspect", incident.suspect());
        }
        return labels;
    }

    public Map<String, String> annotations(Incident incident) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary(incident));
        annotations.put("description", description(incident));
        annotations.put("subjects", String.join(", ", incident.subjects()));
        annotations.put("temperature", String.format(Locale.ROOT, "%.1f", incident.temperature()));
        annotations.put("opened_at", String.valueOf(incident.openedAt()));
        if (incident.updatedAt() != null) {
            annotations.put("updated_at", incident.updatedAt().toString());
        }
        if (incident.suspectReason() != null) {
            annotations.put("suspect_reason", incident.suspectReason());
        }
        if (!incident.related().isEmpty()) {
            annotations.put("related", String.join(", ", incident.related()));
        }
        if (incident.acknowledged() != null) {
            annotations.put("acknowledged", incident.acknowledged());
        }
        String runbook = runbook(incident);
        if (runbook != null) {
            annotations.put("runbook_url", link(runbook, incident));
        }
        config.links().forEach((name, template) -> annotations.put(name, link(template, incident)));
        return annotations;
    }

    /** The runbook template of the incident's suspect, else of its group, else the default one; null for none. */
    private String runbook(Incident incident) {
        Map<String, String> runbooks = config.runbooks();
        if (incident.suspect() != null && runbooks.containsKey(incident.suspect())) {
            return runbooks.get(incident.suspect());
        }
        return runbooks.getOrDefault(incident.group(), runbooks.get(AlertmanagerConfig.DEFAULT_RUNBOOK));
    }

    /** The {@code generatorURL} of an alert with these labels; null when none is configured. */
    public String generatorUrl(Map<String, String> labels) {
        String template = config.generatorTemplate();
        return template == null ? null : fill(template, labels.get("incident_id"), labels.get("group"),
                labels.get("kind"), labels.get("incident_severity"), labels.get("suspect"));
    }

    /** What the alert is about, the same for the whole label set: {@code SEV1 latency incident on checkout-path}. */
    static String summary(Incident incident) {
        String kind = incident.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return incident.severity() + " " + kind + " incident on " + incident.group()
                + (incident.suspect() == null ? "" : ", suspect " + incident.suspect());
    }

    /** The latest record's summary, then one line of evidence per subject. */
    static String description(Incident incident) {
        StringBuilder text = new StringBuilder(incident.summary() == null ? "" : incident.summary());
        for (Evidence e : incident.evidence()) {
            text.append('\n').append(evidence(e));
        }
        return text.toString();
    }

    static String evidence(Evidence e) {
        if (e.value() != null) {
            return String.format(Locale.ROOT, "%s: effect %.2f (threshold %.2f), canary %d vs baseline %d errors%s",
                    e.subject(), e.value(), e.threshold(), e.canaryCount(), e.baselineCount(),
                    e.pValue() == null ? "" : String.format(Locale.ROOT, ", p=%.2g", e.pValue()));
        }
        String heat = String.format(Locale.ROOT, "heat %.1f (hot above %.1f)",
                e.accumulator() == null ? 0.0 : e.accumulator(), e.threshold());
        if (e.y() == null) {
            return e.subject() + ": no traffic in the latest window, " + heat;
        }
        return String.format(Locale.ROOT, "%s: latency %.2f ms, band %.2f..%.2f ms, %s", e.subject(), e.y(),
                e.yMin(), e.yMax(), heat);
    }

    static String link(String template, Incident incident) {
        return fill(template, incident.id(), incident.group(), incident.kind().name(), incident.severity().name(),
                incident.suspect());
    }

    private static String fill(String template, String id, String group, String kind, String severity,
            String suspect) {
        return template
                .replace("{id}", encode(id))
                .replace("{group}", encode(group))
                .replace("{kind}", encode(kind))
                .replace("{severity}", encode(severity))
                .replace("{suspect}", encode(suspect));
    }

    private static String encode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
