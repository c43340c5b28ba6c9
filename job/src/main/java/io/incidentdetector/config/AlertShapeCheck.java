package io.incidentdetector.config;

import io.incidentdetector.connectors.http.RedactedUrl;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks what {@code alertmanager.*} adds to an alert: static labels and links (valid names that do not replace the
 * incident's own), the severity mapping (both severities, none other), and the URL templates of links, runbooks and
 * {@code generator-url} (only known placeholders).
 */
final class AlertShapeCheck {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private AlertShapeCheck() {}

    static void check(Problems p, AlertmanagerConfig c) {
        c.labels().forEach((name, value) -> {
            String key = "alertmanager.labels." + name;
            checkName(p, key, name, "a label", AlertmanagerConfig.INCIDENT_LABELS, "; the incident's labels are "
                    + String.join(", ", AlertmanagerConfig.INCIDENT_LABELS));
            if (Problems.blank(value)) {
                p.add(key + " is empty; Alertmanager drops empty labels. Fix: give it a value, or remove it");
            }
        });
        c.links().forEach((name, template) -> checkLink(p, "alertmanager.links." + name, name, template));
        checkSeverities(p, c.severities());
        c.runbooks().forEach((name, template) -> checkTemplate(p, "alertmanager.runbooks." + name, template,
                "https://runbooks.example/{kind}"));
        if (c.generatorUrl() != null) {
            checkTemplate(p, "alertmanager.generator-url", c.generatorUrl(), "https://grafana.example"
                    + AlertmanagerConfig.GRAFANA_DASHBOARD);
        }
        if (c.grafanaUrl() != null && !AlertmanagerConfig.isHttpUrl(c.grafanaUrl())) {
            p.add("alertmanager.grafana-url '" + RedactedUrl.of(c.grafanaUrl()) + "' is not an http(s) address."
                    + " Fix: use e.g. https://grafana.example");
        }
    }

    private static void checkSeverities(Problems p, Map<String, String> severities) {
        severities.forEach((sev, label) -> {
            if (!AlertmanagerConfig.DEFAULT_SEVERITIES.containsKey(sev)) {
                p.add("alertmanager.severities." + sev + " is not a severity of an incident. Fix: map SEV1 and SEV2,"
                        + " e.g. {SEV1: critical, SEV2: warning}");
            } else if (Problems.blank(label)) {
                p.add("alertmanager.severities." + sev + " is empty. Fix: use e.g. "
                        + AlertmanagerConfig.DEFAULT_SEVERITIES.get(sev));
            }
        });
        for (String sev : AlertmanagerConfig.DEFAULT_SEVERITIES.keySet()) {
            if (!severities.containsKey(sev)) {
                p.add("alertmanager.severities has no " + sev + ". Fix: add it, e.g. " + sev + ": "
                        + AlertmanagerConfig.DEFAULT_SEVERITIES.get(sev));
            }
        }
    }

    /**
     * The name of a label or link ({@code what}: "a label" or "an annotation"): a valid label name, and none of
     * {@code incidentSets}, the names every alert gets from its incident; {@code otherNames} ends the fix for those.
     */
    private static void checkName(Problems p, String key, String name, String what, List<String> incidentSets,
            String otherNames) {
        String kind = what.substring(what.indexOf(' ') + 1);
        if (!LABEL_NAME.matcher(name).matches()) {
            p.add(key + ": '" + name + "' is not a valid " + kind + " name (letters, digits and _, not starting with a"
                    + " digit). Fix: rename it, e.g. " + fixName(name));
        } else if (incidentSets.contains(name)) {
            p.add(key + " would replace " + what + " the incident sets. Fix: use another name" + otherNames);
        }
    }

    private static void checkLink(Problems p, String key, String name, String template) {
        checkName(p, key, name, "an annotation", AlertmanagerConfig.INCIDENT_ANNOTATIONS,
                ", e.g. runbook or dashboard");
        checkTemplate(p, key, template, "https://grafana.example/d/incidents?var-group={group}");
    }

    /** A URL template: not empty, and naming only {@link AlertmanagerConfig#LINK_PLACEHOLDERS}. */
    private static void checkTemplate(Problems p, String key, String template, String example) {
        if (Problems.blank(template)) {
            p.add(key + " is empty. Fix: give a URL, e.g. " + example);
            return;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!AlertmanagerConfig.LINK_PLACEHOLDERS.contains(m.group(1))) {
                p.add(key + " uses {" + m.group(1) + "}, which is not a placeholder. Fix: use {"
                        + String.join("}, {", AlertmanagerConfig.LINK_PLACEHOLDERS) + "}");
            }
        }
    }

    /** A valid label name close to {@code name}, for the fix. */
    private static String fixName(String name) {
        String fixed = name.replaceAll("[^a-zA-Z0-9_]", "_");
        return fixed.isEmpty() || Character.isDigit(fixed.charAt(0)) ? "_" + fixed : fixed;
    }
}
