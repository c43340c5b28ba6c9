package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.connectors.http.RedactedUrl;
import io.incidentdetector.metrics.OutageReport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Deliveries to one Alertmanager: one request at a time, in order (a stale batch never overtakes a newer one), each
 * retried with exponential backoff up to a number of attempts, then given up and counted: the next re-send carries
 * every alert again. Failed requests make an outage ({@link OutageReport}: a warning when it starts, a summary a
 * minute, a line when a delivery succeeds again). Lives on the {@link TaskThread}; only the HTTP request itself runs
 * elsewhere.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    /** One POST body: a JSON array of {@code alerts} alerts; {@code everything}: every alert the sink holds. */
    record Batch(byte[] body, int alerts, boolean everything) {}

    /** Retries and bounds, from the configuration. */
    record Policy(int maxAttempts, long initialBackoffMillis, long maxBackoffMillis, int maxPending) {}

    private final URI endpoint;
    /** The endpoint as logs show it: without credentials. */
    private final String shown;
    private final AlertPoster poster;
    private final TaskThread thread;
    private final Policy policy;
    private final DeliveryMetrics metrics;
    private final OutageReport outage;
    /** The head is in flight, or waiting for its next attempt. */
    private final Deque<Batch> queue = new ArrayDeque<>();
    private boolean inFlight;
    private boolean waiting;
    private int attempts;
    private boolean closed;

    Delivery(URI endpoint, AlertPoster poster, TaskThread thread, Policy policy, DeliveryMetrics metrics) {
        this.endpoint = endpoint;
        this.shown = RedactedUrl.of(endpoint);
        this.poster = poster;
        this.thread = thread;
        this.policy = policy;
        this.metrics = metrics;
        this.outage = new OutageReport("alertmanager", "Alertmanager", RedactedUrl.of(endpoint),
                "alerts are sent again with backoff, each delivery up to alertmanager.max-attempts; the next re-send"
                        + " carries every alert", LOG);
        outage.registerMetrics(metrics.group.addGroup("alertmanager", endpoint.getAuthority()));
    }

    /** Queues a batch of changes; dropped and counted when the queue is full. */
    void offer(Batch batch) {
        if (closed) {
            return;
        }
        if (queue.size() >= policy.maxPending()) {
            metrics.dropped.inc();
            LOG.warn("Alertmanager {}: {} deliveries pending, one more dropped (the next re-send repairs it)",
                    shown, queue.size());
            return;
        }
        queue.addLast(batch);
        sendNext();
    }

    /**
     * Queues a batch of every alert held, which makes every batch not yet on the wire stale: they are replaced, not
     * counted as dropped. A head waiting to be retried is replaced too, and its attempts carry over.
     */
    void replaceWith(Batch all) {
        if (closed) {
            return;
        }
        Batch onTheWire = inFlight ? queue.peekFirst() : null;
        queue.clear();
        if (onTheWire != null) {
            queue.addLast(onTheWire);
        }
        queue.addLast(all);
        sendNext();
    }

    boolean idle() {
        return queue.isEmpty();
    }

    int pending() {
        return queue.size();
    }

    /** Gives up what is still pending, counted as dropped (end of input after the wait, or close). */
    void abandon() {
        if (!queue.isEmpty()) {
            metrics.dropped.inc(queue.size());
        }
        close();
    }

    void close() {
        closed = true;
        queue.clear();
    }

    private void sendNext() {
        if (closed || inFlight || waiting || queue.isEmpty()) {
            return;
        }
        Batch batch = queue.peekFirst();
        inFlight = true;
        attempts++;
        poster.post(endpoint, batch.body()).thenAccept(result -> thread.execute(() -> completed(batch, result)));
    }

    private void completed(Batch batch, PostResult result) {
        inFlight = false;
        if (closed) {
            return;
        }
        switch (result.outcome()) {
            case ACCEPTED -> {
                metrics.accepted(batch.alerts(), thread.now());
                outage.succeeded();
                done();
            }
            case REFUSED -> {
                metrics.sendFailures.inc();
                metrics.dropped.inc();
                LOG.warn("Alertmanager {} refused {}: {}", shown, alerts(batch), result.detail());
                done();
            }
            case FAILED -> {
                metrics.sendFailures.inc();
                outage.failed(result.detail());
                if (attempts >= policy.maxAttempts()) {
                    metrics.dropped.inc();
                    // counted in alertmanager_dropped; the outage's lines say the rest
                    LOG.debug("Alertmanager {}: gave up a delivery of {} after {} attempts ({}); the next re-send"
                            + " carries every alert again", shown, alerts(batch), attempts, result.detail());
                    done();
                } else {
                    if (supersededByALaterBatch()) {
                        queue.pollFirst(); // what it carried is in a batch behind it; that one is retried instead
                    }
                    retryLater();
                }
            }
        }
    }

    private static String alerts(Batch batch) {
        return batch.alerts() == 1 ? "1 alert" : batch.alerts() + " alerts";
    }

    private boolean supersededByALaterBatch() {
        return queue.stream().skip(1).anyMatch(Batch::everything);
    }

    private void done() {
        queue.pollFirst();
        attempts = 0;
        sendNext();
    }

    private void retryLater() {
        metrics.retries.inc();
        waiting = true;
        long backoff = Math.min(policy.maxBackoffMillis(),
                policy.initialBackoffMillis() << Math.min(attempts - 1, 30));
        thread.schedule(thread.now() + backoff, () -> {
            waiting = false;
            sendNext();
        });
    }
}
