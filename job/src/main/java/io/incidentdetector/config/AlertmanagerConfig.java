package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Map<String, String> links) implements Serializable {

    public static final String DEFAULT_URL = "http://127.0.0.1:9093";

    /** Labels every alert gets from its incident; {@code labels} may not set them. */
    public static final List<String> INCIDENT_LABELS =
            List.of("alertname", "severity", "kind", "group", "suspect", "incident_id");

    /** Annotations every alert gets from its incident; {@code links} may not use these names. */
    public static final List<String> INCIDENT_ANNOTATIONS = List.of("summary", "description", "subjects",
            "temperature", "opened_at", "updated_at", "suspect_reason", "related");

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
    }

    public static AlertmanagerConfig defaults() {
        return new AlertmanagerConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Enabled, sending to these Alertmanagers (from the command line). */
    public AlertmanagerConfig enabledWith(List<String> newUrls) {
        return new AlertmanagerConfig(true, newUrls, alertName, resendInterval, timeout, maxAttempts, initialBackoff,
                maxBackoff, maxPending, labels, links);
    }

    /** How far ahead an open alert's {@code endsAt} is set at each send. */
    public Duration endsAtLead() {
        return resendInterval.multipliedBy(ENDS_AT_RESENDS);
    }
}
