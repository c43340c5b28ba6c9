package io.incidentdetector.metrics;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Records refused for their event time ({@link EventTimeGuard}, and the parsers' plausible range): counted in the
 * metric {@value #METRIC} and said on the log at most once a minute, so that bad times never blind a run without a
 * word. One per task, opened with the operator's metrics.
 */
public final class RefusedEventTimes {

    public static final String METRIC = "events_refused_time";

    private static final Logger LOG = LoggerFactory.getLogger(RefusedEventTimes.class);

    private final Counter counter;
    private final ThrottledLog log = new ThrottledLog(LOG, Duration.ofMinutes(1));

    public RefusedEventTimes(MetricGroup metrics) {
        this.counter = metrics.counter(METRIC);
    }

    /** Counts a failed record if {@code reason} refuses its event time; true if it did. */
    public boolean count(String origin, String reason) {
        if (!EventTimeGuard.isRefusal(reason)) {
            return false;
        }
        add(1, origin, reason);
        return true;
    }

    /** Counts {@code n} records of {@code origin} refused for their event time, {@code reason} the latest's. */
    public void add(long n, String origin, String reason) {
        counter.inc(n);
        log.warn("{} record(s) of {} refused for their event time, dead-lettered with the reason (metric {}): {}",
                n, origin, METRIC, reason);
    }
}
