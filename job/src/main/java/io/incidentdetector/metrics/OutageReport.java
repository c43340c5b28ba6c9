package io.incidentdetector.metrics;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.TimeUtils;

import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.LongSupplier;

/**
 * Turns the failed and successful attempts to reach a server (Kafka brokers, Prometheus, Alertmanager) into a few
 * log lines: one WARN when an outage starts, a summary at most once per {@code summaryEvery} while it lasts, one
 * INFO when it ends; and, if the outage outlasts a limit that costs something (the Kafka transaction timeout), one
 * WARN saying what. Metrics ({@link #registerMetrics}): {@code <component>_outage} (1 during an outage),
 * {@code <component>_outages} (outages so far), {@code <component>_outage_seconds} (their total length, the current
 * one included) and, with a limit, {@code <component>_outages_beyond_<limit>}. Thread-safe.
 */
public final class OutageReport {

    /** A length of outage that costs something, and what: said once per outage, counted in a metric. */
    public record Limit(String name, String metric, Duration after, String cost) {}

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(
            ZoneId.systemDefault());

    private final String component;
    private final String name;
    private final String where;
    private final String meanwhile;
    private final Logger log;
    private final Duration summaryEvery;
    private final LongSupplier millis;
    private Limit limit;

    private long startedAt = -1;
    private long lastSummary;
    private long attempts;
    private String lastCause;
    private boolean beyondLimit;
    private long outages;
    private long pastOutageMillis;
    private long beyondLimitCount;

    /**
     * @param component metric prefix: {@code kafka}, {@code prometheus}, {@code alertmanager}
     * @param name      what is unreachable, as the log lines start: {@code Kafka brokers}
     * @param where     its address
     * @param meanwhile what the job does during an outage, said when it starts
     */
    public OutageReport(String component, String name, String where, String meanwhile, Logger log) {
        this(component, name, where, meanwhile, log, Duration.ofMinutes(1), System::currentTimeMillis);
    }

    OutageReport(String component, String name, String where, String meanwhile, Logger log, Duration summaryEvery,
            LongSupplier millis) {
        this.component = component;
        this.name = name;
        this.where = where;
        this.meanwhile = meanwhile;
        this.log = log;
        this.summaryEvery = summaryEvery;
        this.millis = millis;
    }

    /** Says, once per outage, what an outage longer than {@code limit.after()} costs. */
    public synchronized OutageReport withLimit(Limit limit) {
        this.limit = limit;
        return this;
    }

    /** An attempt failed: starts an outage, or counts in the current one (and may summarise it). */
    public synchronized void failed(String cause) {
        long now = millis.getAsLong();
        attempts++;
        lastCause = cause;
        if (startedAt < 0) {
            startedAt = now;
            lastSummary = now;
            outages++;
            beyondLimit = false;
            log.warn("{} unreachable at {} ({}); {}", name, where, cause, meanwhile);
            return;
        }
        if (limit != null && !beyondLimit && now - startedAt > limit.after().toMillis()) {
            beyondLimit = true;
            beyondLimitCount++;
            log.warn("{} unreachable at {} since {}, longer than {} ({}): {}", name, where,
                    CLOCK.format(Instant.ofEpochMilli(startedAt)), limit.name(), format(limit.after()),
                    limit.cost());
        } else if (now - lastSummary >= summaryEvery.toMillis()) {
            lastSummary = now;
            log.warn("{} still unreachable at {} after {} ({} failed attempts; last: {})", name, where,
                    format(Duration.ofMillis(now - startedAt)), attempts, cause);
        }
    }

    /** An attempt succeeded: ends the outage, if there is one. */
    public synchronized void succeeded() {
        if (startedAt < 0) {
            return;
        }
        long lasted = millis.getAsLong() - startedAt;
        pastOutageMillis += lasted;
        log.info("{} reachable again at {} after {} ({} failed attempts)", name, where,
                format(Duration.ofMillis(lasted)), attempts);
        startedAt = -1;
        attempts = 0;
        lastCause = null;
    }

    public synchronized boolean ongoing() {
        return startedAt >= 0;
    }

    synchronized long outages() {
        return outages;
    }

    synchronized long outageSeconds() {
        long ongoing = startedAt < 0 ? 0 : millis.getAsLong() - startedAt;
        return (pastOutageMillis + ongoing) / 1000;
    }

    synchronized long beyondLimit() {
        return beyondLimitCount;
    }

    /** The outage metrics on {@code group} (several groups may show the same report). */
    public void registerMetrics(MetricGroup group) {
        group.gauge(component + "_outage", (Gauge<Integer>) () -> ongoing() ? 1 : 0);
        group.gauge(component + "_outages", (Gauge<Long>) this::outages);
        group.gauge(component + "_outage_seconds", (Gauge<Long>) this::outageSeconds);
        Limit l = limit;
        if (l != null) {
            group.gauge(component + "_outages_beyond_" + l.metric(), (Gauge<Long>) this::beyondLimit);
        }
    }

    static String format(Duration duration) {
        return TimeUtils.formatWithHighestUnit(Duration.ofSeconds(duration.toSeconds()));
    }
}
