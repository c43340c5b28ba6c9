package io.incidentdetector.config;

import io.incidentdetector.connectors.http.HttpAccess;
import io.incidentdetector.connectors.http.RedactedUrl;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Incidents sent to Alertmanager (API v2) as alerts, next to the incident output. See docs/alertmanager.md.
 *
 * @param enabled        send incidents to Alertmanager ({@code --alertmanager URL} turns it on)
 * @param urls           every Alertmanager to send to, each gets every alert (as Prometheus does); the job posts to
 *                       {@code <url>/api/v2/alerts}
 * @param alertName      the {@code alertname} label of every alert
 * @param resendInterval how often every alert still held is sent again; an open alert's {@code endsAt} is four of
 *                       these ahead, so Alertmanager resolves it by itself if the job stops sending
 * @param timeout        per request; also how long a finishing bounded run waits for deliveries still pending
 * @param maxAttempts    attempts per delivery before it is given up (the next re-send repairs it)
 * @param initialBackoff wait before the first retry; doubled at each further one
 * @param maxBackoff     the longest wait between two attempts
 * @param maxPending     deliveries waiting per Alertmanager; one more is dropped and counted
 * @param labels         static labels added to every alert (team, env, ...)
 * @param links          annotations whose values are URL templates with {@code {id}}, {@code {group}},
 *                       {@code {kind}}, {@code {severity}} and {@code {suspect}} placeholders
 * @param generatorUrl   template of every alert's {@code generatorURL} (same placeholders); none: a Grafana link
 *                       when {@code grafanaUrl} is set, else no {@code generatorURL}
 * @param grafanaUrl     the Grafana serving the shipped dashboard ({@value #GRAFANA_DASHBOARD}), for the default
 *                       {@code generatorURL}
 * @param severities     the {@code severity} label of each incident severity; the SEV name stays as
 *                       {@code incident_severity}
 * @param runbooks       {@code runbook_url} templates by suspect service, by group, or {@value #DEFAULT_RUNBOOK}
 * @param http           authentication, headers and TLS of the requests to Alertmanager
 */
public record AlertmanagerConfig(
        Boolean enabled,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> urls,
        String alertName,
        Duration resendInterval,
        Duration timeout,
        Integer maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Integer maxPending,
        Map<String, String> labels,
        Map<String, String> links,
        String generatorUrl,
        String grafanaUrl,
        Map<String, String> severities,
        Map<String, String> runbooks,
        HttpAccess http) implements Serializable {

    public static final String DEFAULT_URL = "http://127.0.0.1:9093";

    /** Labels every alert gets from its incident; {@code labels} may not set them. */
    public static final List<String> INCIDENT_LABELS = List.of("alertname", "severity", "incident_severity", "kind",
            "group", "suspect", "incident_id", "incident_role");

    /** Annotations every alert gets from its incident; {@code links} may not use these names. */
    public static final List<String> INCIDENT_ANNOTATIONS = List.of("summary", "description", "subjects",
            "temperature", "opened_at", "updated_at", "suspect_reason", "related", "acknowledged", "runbook_url");

    /** The incident severities, each with its default {@code severity} label. */
    public static final Map<String, String> DEFAULT_SEVERITIES = Map.of("SEV1", "critical", "SEV2", "warning");

    /** The {@code runbooks} key whose template serves incidents no other key names. */
    public static final String DEFAULT_RUNBOOK = "default";

    /** The shipped Grafana dashboard's path, with the incident's group and id as its variables. */
    public static final String GRAFANA_DASHBOARD = "/d/incident-detector?var-group={group}"
            + "&var-incident={id}";

    /** What a link template may name, each replaced by the incident's value, URL-encoded. */
    public static final List<String> LINK_PLACEHOLDERS = List.of("id", "group", "kind", "severity", "suspect");

    /** An open alert's {@code endsAt} is this many re-send intervals ahead, as Prometheus does. */
    public static final int ENDS_AT_RESENDS = 4;


    public AlertmanagerConfig {
        enabled = enabled != null && enabled;
        urls = urls == null ? new ArrayList<>(List.of(DEFAULT_URL)) : new ArrayList<>(urls);
        alertName = alertName == null ? "IncidentDetector" : alertName;
        resendInterval = resendInterval == null ? Duration.ofMinutes(1) : resendInterval;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        maxAttempts = maxAttempts == null ? 5 : maxAttempts;
        initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        maxPending = maxPending == null ? 100 : maxPending;
        labels = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
        links = links == null ? new LinkedHashMap<>() : new LinkedHashMap<>(links);
        generatorUrl = Problems.blank(generatorUrl) ? null : generatorUrl;
        grafanaUrl = Problems.blank(grafanaUrl) ? null : grafanaUrl;
        severities = severities == null ? new LinkedHashMap<>(DEFAULT_SEVERITIES) : new LinkedHashMap<>(severities);
        runbooks = runbooks == null ? new LinkedHashMap<>() : new LinkedHashMap<>(runbooks);
        http = http == null ? HttpAccess.none() : http;
    }

    public static AlertmanagerConfig defaults() {
        return new AlertmanagerConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** Enabled, sending to these Alertmanagers (from the command line). */
    public AlertmanagerConfig enabledWith(List<String> newUrls) {
        return new AlertmanagerConfig(true, newUrls, alertName, resendInterval, timeout, maxAttempts, initialBackoff,
                maxBackoff, maxPending, labels, links, generatorUrl, grafanaUrl, severities, runbooks, http);
    }

    /** The {@code generatorURL} template in use: the configured one, else the Grafana dashboard's; null for none. */
    public String generatorTemplate() {
        if (generatorUrl != null) {
            return generatorUrl;
        }
        return grafanaUrl == null ? null : grafanaUrl.replaceAll("/+$", "") + GRAFANA_DASHBOARD;
    }

    /** How far ahead an open alert's {@code endsAt} is set at each send. */
    public Duration endsAtLead() {
        return resendInterval.multipliedBy(ENDS_AT_RESENDS);
    }

    void check(Problems p) {
        if (urls.isEmpty()) {
            p.add("alertmanager.urls is empty. Fix: list at least one Alertmanager, e.g. [" + DEFAULT_URL + "]");
        }
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i);
            String key = "alertmanager.urls[" + i + "]";
            String shown = RedactedUrl.of(url);
            if (!isAlertmanagerUrl(url)) {
                p.add(key + " '" + shown + "' is not the http(s) address of an Alertmanager. Fix: use e.g."
                        + " http://alertmanager:9093 (the job posts to <url>/api/v2/alerts)");
            } else if (!distinct.add(url.replaceAll("/+$", ""))) {
                p.add(key + " '" + shown + "' is listed twice; every alert would be sent to it twice. Fix: list it"
                        + " once");
            } else if (RedactedUrl.hasUserInfo(url)) {
                p.add(key + " '" + shown + "' carries credentials, which would be written in the configuration. Fix:"
                        + " remove them from the URL and set alertmanager.http.username with"
                        + " alertmanager.http.password-file (or password: ${ENV})");
            }
        }
        p.notBlank("alertmanager.alert-name", alertName, "use e.g. IncidentDetector");
        if (resendInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("alertmanager.resend-interval must be at least 1s (got " + resendInterval + "). Fix: use 1min, as"
                    + " Prometheus does");
        }
        p.positive("alertmanager.timeout", timeout, "10s");
        if (maxAttempts < 1 || maxAttempts > 100) {
            p.add("alertmanager.max-attempts must be between 1 and 100 (got " + maxAttempts + "). Fix: use 5");
        }
        p.positive("alertmanager.initial-backoff", initialBackoff, "500ms");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            p.add("alertmanager.max-backoff (" + maxBackoff + ") must not be shorter than"
                    + " alertmanager.initial-backoff (" + initialBackoff + "). Fix: use e.g. 30s");
        }
        if (maxPending < 1) {
            p.add("alertmanager.max-pending must be at least 1 (got " + maxPending + "). Fix: use 100");
        }
        AlertShapeCheck.check(p, this);
        HttpAccessCheck.check(p, "alertmanager.http", http);
    }

    private static boolean isAlertmanagerUrl(String url) {
        return isHttpUrl(url) && URI.create(url).getQuery() == null && URI.create(url).getFragment() == null;
    }

    static boolean isHttpUrl(String url) {
        if (Problems.blank(url)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
