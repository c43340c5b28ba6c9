package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.incident.Incident;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The sink's logic, free of Flink's runtime: keeps the {@link AlertBook}, sends what an incident record changes at
 * once, and every alert held at each re-send interval, to every Alertmanager. Nothing here waits for HTTP.
 */
final class AlertNotifier {

    private final AlertmanagerConfig config;
    private final TaskThread thread;
    private final DeliveryMetrics metrics;
    private final IncidentAlerts mapping;
    private final AlertBook book;
    private final List<Delivery> deliveries;
    private boolean resending = true;

    AlertNotifier(AlertmanagerConfig config, Collection<Alert> restored, AlertPoster poster, TaskThread thread,
            DeliveryMetrics metrics) {
        this.config = config;
        this.thread = thread;
        this.metrics = metrics;
        this.mapping = new IncidentAlerts(config);
        this.book = new AlertBook(mapping, config.endsAtLead(), restored);
        Delivery.Policy policy = new Delivery.Policy(config.maxAttempts(), config.initialBackoff().toMillis(),
                config.maxBackoff().toMillis(), config.maxPending());
        this.deliveries = config.urls().stream()
                .map(url -> new Delivery(AlertmanagerClient.endpoint(url), poster, thread, policy, metrics)).toList();
        metrics.firing(book.firing());
    }

    /** Sends what a restored state holds at once (Alertmanager may have lost it meanwhile), then re-sends on a timer. */
    void start() {
        resendAll();
        scheduleResend();
    }

    void accept(Incident incident) {
        List<Alert> changed = book.apply(incident, now());
        metrics.firing(book.firing());
        if (!changed.isEmpty()) {
            Delivery.Batch batch = batch(changed, false);
            deliveries.forEach(d -> d.offer(batch));
        }
    }

    /** Every alert held, to every Alertmanager; replaces whatever was still waiting to be sent. */
    void resendAll() {
        book.expire(now());
        List<Alert> all = book.alerts();
        if (!all.isEmpty()) {
            Delivery.Batch batch = batch(all, true);
            deliveries.forEach(d -> d.replaceWith(batch));
        }
    }

    /** What goes into a checkpoint. */
    List<Alert> alerts() {
        return book.alerts();
    }

    /** No more re-sends: the input has ended. */
    void stopResending() {
        resending = false;
    }

    boolean idle() {
        return deliveries.stream().allMatch(Delivery::idle);
    }

    int pending() {
        return deliveries.stream().mapToInt(Delivery::pending).sum();
    }

    /** Gives up every pending delivery, counting them as dropped. */
    void abandon() {
        deliveries.forEach(Delivery::abandon);
    }

    void close() {
        resending = false;
        deliveries.forEach(Delivery::close);
    }

    private void scheduleResend() {
        thread.schedule(thread.now() + config.resendInterval().toMillis(), () -> {
            if (resending) {
                resendAll();
                scheduleResend();
            }
        });
    }

    private Delivery.Batch batch(List<Alert> alerts, boolean everything) {
        return new Delivery.Batch(AlertPayload.json(alerts, now(), config.endsAtLead(),
                mapping::generatorUrl), alerts.size(), everything);
    }

    private Instant now() {
        return Instant.ofEpochMilli(thread.now());
    }
}
