package io.incidentdetector.sink.alertmanager;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

import java.util.function.LongSupplier;

/** The sink's metrics, on the writer's metric group; updated on the task thread, read by reporters. */
final class DeliveryMetrics {

    final Counter alertsSent;
    final Counter sendFailures;
    final Counter retries;
    final Counter dropped;
    /** Answers longer than the client reads; counted from the HTTP client's threads. */
    final Counter answersCut;
    /** Where each Alertmanager's outage metrics go, labelled with its address. */
    final MetricGroup group;
    private volatile int firing;
    private volatile long lastSuccess = -1;

    DeliveryMetrics(MetricGroup group, LongSupplier clock) {
        this.group = group;
        alertsSent = group.counter("alertmanager_alerts_sent");
        sendFailures = group.counter("alertmanager_send_failures");
        retries = group.counter("alertmanager_retries");
        dropped = group.counter("alertmanager_dropped");
        answersCut = group.counter("alertmanager_answers_cut", new ThreadSafeSimpleCounter());
        group.gauge("alertmanager_alerts_firing", (Gauge<Integer>) () -> firing);
        group.gauge("alertmanager_last_success_age_seconds",
                (Gauge<Long>) () -> lastSuccess < 0 ? -1 : (clock.getAsLong() - lastSuccess) / 1000);
    }

    void accepted(int alerts, long now) {
        alertsSent.inc(alerts);
        lastSuccess = now;
    }

    void firing(int alerts) {
        firing = alerts;
    }

    int firingNow() {
        return firing;
    }
}
