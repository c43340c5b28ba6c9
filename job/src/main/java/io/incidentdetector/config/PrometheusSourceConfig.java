package io.incidentdetector.config;

import io.incidentdetector.connectors.http.HttpAccess;
import io.incidentdetector.connectors.http.RedactedUrl;

import org.apache.flink.configuration.MemorySize;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The latency pipeline reading a Prometheus server, as the lab monitor did but for a whole mesh in one query: one
 * PromQL expression that gives one latency series per pair (told apart by two labels), evaluated once per
 * {@code step}, each step one window of every pair; and each pair's baseline fitted at start-up from the same
 * expression over {@code history}.
 *
 * @param enabled     read Prometheus ({@code --prometheus URL} turns it on)
 * @param url         the server, e.g. {@code http://prometheus:9090}
 * @param query       PromQL giving one series per pair, in milliseconds
 * @param callerLabel label naming the calling service
 * @param calleeLabel label naming the called service
 * @param step        one window per step; it becomes {@code latency.window}
 * @param lag         a step is read this long after it ends, so that its scrapes have arrived
 * @param history     range before the start whose points train each pair's baseline; 0 for none
 * @param maxDelay    a step that has no point of any series is asked again until it is this old, then counts as a
 *                    gap (a lagging or restarting server has not got it yet)
 * @param timeout     per HTTP request
 * @param start       first step: {@code now} (the latest step that is due) or an ISO-8601 time in the past (catch up)
 * @param until       last step, for a replay of a past range from the server (the source then ends); none to run on
 * @param maxResponseBytes the longest answer read; a longer one fails its query (counted, retried with fewer steps)
 * @param http        authentication, headers (e.g. {@code X-Scope-OrgID}) and TLS of the requests
 */
public record PrometheusSourceConfig(
        Boolean enabled,
        String url,
        String query,
        String callerLabel,
        String calleeLabel,
        Duration step,
        Duration lag,
        Duration history,
        Duration maxDelay,
        Duration timeout,
        String start,
        String until,
        MemorySize maxResponseBytes,
        HttpAccess http) implements Serializable {

    public static final String ISTIO_P50 = "histogram_quantile(0.5, sum by (le, source_workload, destination_workload)"
            + " (rate(istio_request_duration_milliseconds_bucket[1m])))";

    public PrometheusSourceConfig {
        enabled = enabled != null && enabled;
        url = url == null ? "http://127.0.0.1:9090" : url;
        query = query == null ? ISTIO_P50 : query;
        callerLabel = callerLabel == null ? "source_workload" : callerLabel;
        calleeLabel = calleeLabel == null ? "destination_workload" : calleeLabel;
        step = step == null ? Duration.ofMinutes(1) : step;
        lag = lag == null ? Duration.ofSeconds(30) : lag;
        history = history == null ? Duration.ofDays(1) : history;
        maxDelay = maxDelay == null ? Duration.ofMinutes(5) : maxDelay;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        start = start == null || start.isBlank() ? "now" : start;
        until = until == null || until.isBlank() ? null : until;
        maxResponseBytes = maxResponseBytes == null ? MemorySize.parse("64mb") : maxResponseBytes;
        http = http == null ? HttpAccess.none() : http;
    }

    public static PrometheusSourceConfig defaults() {
        return new PrometheusSourceConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    public PrometheusSourceConfig withUrl(String newUrl) {
        return new PrometheusSourceConfig(true, newUrl, query, callerLabel, calleeLabel, step, lag, history, maxDelay,
                timeout, start, until, maxResponseBytes, http);
    }

    void check(Problems p) {
        if (Problems.blank(url) || !(url.startsWith("http://") || url.startsWith("https://"))) {
            p.add("prometheus.url must be an http:// or https:// address (got '" + RedactedUrl.of(url) + "'). Fix: use"
                    + " e.g. http://127.0.0.1:9090");
        } else if (RedactedUrl.hasUserInfo(url)) {
            p.add("prometheus.url '" + RedactedUrl.of(url) + "' carries credentials, which would be written in the"
                    + " configuration. Fix: remove them from the URL and set prometheus.http.username with"
                    + " prometheus.http.password-file (or password: ${ENV})");
        }
        HttpAccessCheck.check(p, "prometheus.http", http);
        p.notBlank("prometheus.query", query, "use e.g. " + ISTIO_P50);
        if (Problems.blank(callerLabel) || Problems.blank(calleeLabel)) {
            p.add("prometheus.caller-label and prometheus.callee-label must name labels. Fix: use source_workload and"
                    + " destination_workload (Istio)");
        }
        if (step.compareTo(Duration.ofSeconds(1)) < 0 || step.toMillis() % 1000 != 0) {
            p.add("prometheus.step must be whole seconds, at least 1s (got " + step + "). Fix: use e.g. 1min");
        }
        p.notNegative("prometheus.lag", lag, "use e.g. 30s");
        p.notNegative("prometheus.history", history, "use e.g. 1d, or 0 to learn online");
        if (maxDelay.compareTo(lag) <= 0) {
            p.add("prometheus.max-delay (" + maxDelay + ") must be longer than prometheus.lag (" + lag
                    + "), or a step the server has not got yet is never asked again. Fix: use e.g. 5min");
        }
        if (!step.isZero() && history.toMillis() / Math.max(1, step.toMillis()) > 100_000) {
            p.add("prometheus.history (" + history + ") is more than 100,000 steps of " + step
                    + " (16 bytes a point for every pair while fitting). Fix: use e.g. 1d");
        }
        p.positive("prometheus.timeout", timeout, "10s");
        if (maxResponseBytes.getBytes() < 1024) {
            p.add("prometheus.max-response-bytes must be at least 1kb (got " + maxResponseBytes
                    + "). Fix: use e.g. 64mb");
        }
        checkRange(p);
    }

    /** {@code start} and {@code until}: ISO-8601 times, in that order; {@code until} only after a start in the past. */
    private void checkRange(Problems p) {
        Instant first = null;
        if (!"now".equals(start)) {
            try {
                first = Instant.parse(start);
            } catch (DateTimeParseException e) {
                p.add("prometheus.start must be now or an ISO-8601 time (got '" + start
                        + "'). Fix: use now, or e.g. 2026-01-01T00:00:00Z");
            }
        }
        if (until == null) {
            return;
        }
        try {
            Instant last = Instant.parse(until);
            if (first == null && "now".equals(start)) {
                p.add("prometheus.until needs a prometheus.start in the past. Fix: set prometheus.start, or remove"
                        + " prometheus.until to run on");
            } else if (first != null && !last.isAfter(first)) {
                p.add("prometheus.until (" + last + ") must be after prometheus.start (" + first + "). Fix: swap them");
            }
        } catch (DateTimeParseException e) {
            p.add("prometheus.until must be an ISO-8601 time (got '" + until
                    + "'). Fix: use e.g. 2026-01-02T00:00:00Z, or remove it to run on");
        }
    }

    /** The first step's end, epoch ms: the latest step due at {@code now}, or the configured time, on the step grid. */
    public long firstStep(Instant now) {
        long stepMs = step.toMillis();
        long at = "now".equals(start) ? now.toEpochMilli() - lag.toMillis() : Instant.parse(start).toEpochMilli();
        return Math.floorDiv(at, stepMs) * stepMs;
    }

    /** The last step's end, epoch ms, or {@link Long#MAX_VALUE} to run on. */
    public long lastStep() {
        if (until == null) {
            return Long.MAX_VALUE;
        }
        long stepMs = step.toMillis();
        return Math.floorDiv(Instant.parse(until).toEpochMilli(), stepMs) * stepMs;
    }
}
