package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.incident.Incident;

import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * The Flink side of the sink: runs the {@link AlertNotifier} on the task's mailbox thread, with the task's
 * processing-time timers for re-sends and retries. {@code write} never waits for HTTP; the alerts held go into every
 * checkpoint, and a restored writer sends them again at once.
 */
final class AlertmanagerWriter implements StatefulSinkWriter<Incident, Alert> {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerWriter.class);

    private final AlertmanagerConfig config;
    private final ProcessingTimeService timers;
    private final MailboxExecutor mailbox;
    private final AlertNotifier notifier;
    private volatile boolean closed;

    AlertmanagerWriter(AlertmanagerConfig config, WriterInitContext context, Collection<Alert> restored) {
        this.config = config;
        this.timers = context.getProcessingTimeService();
        this.mailbox = context.getMailboxExecutor();
        DeliveryMetrics metrics = new DeliveryMetrics(context.metricGroup(), timers::getCurrentProcessingTime);
        this.notifier = new AlertNotifier(config, restored, new AlertmanagerClient(config.timeout(),
                metrics.answersCut, config.http()), new MailboxThread(), metrics);
        if (!restored.isEmpty()) {
            LOG.info("Alertmanager sink restored {} alerts; sending them again", restored.size());
        }
        notifier.start();
    }

    @Override
    public void write(Incident incident, Context context) {
        notifier.accept(incident);
    }

    /**
     * At the end of a bounded input, waits up to {@code alertmanager.timeout} for the deliveries still pending, so a
     * short run still delivers its alerts; before a checkpoint, waits for nothing (the state holds every alert).
     */
    @Override
    public void flush(boolean endOfInput) throws InterruptedException {
        if (!endOfInput) {
            return;
        }
        notifier.stopResending();
        long deadline = timers.getCurrentProcessingTime() + config.timeout().toMillis();
        timers.registerTimer(deadline, time -> {}); // wakes the wait below at the deadline
        while (!notifier.idle() && timers.getCurrentProcessingTime() < deadline) {
            mailbox.yield();
        }
        if (!notifier.idle()) {
            LOG.warn("Alertmanager sink: {} deliveries still pending at the end of the input after {}; given up",
                    notifier.pending(), config.timeout());
            notifier.abandon();
        }
    }

    @Override
    public List<Alert> snapshotState(long checkpointId) {
        return notifier.alerts();
    }

    @Override
    public void close() {
        closed = true;
        notifier.close();
    }

    /** The task thread: its mailbox for HTTP responses, its processing-time timers for retries and re-sends. */
    private final class MailboxThread implements TaskThread {

        @Override
        public long now() {
            return timers.getCurrentProcessingTime();
        }

        @Override
        public void schedule(long timeMillis, Runnable action) {
            if (!closed) {
                timers.registerTimer(timeMillis, time -> {
                    if (!closed) {
                        action.run();
                    }
                });
            }
        }

        @Override
        public void execute(Runnable action) {
            if (closed) {
                return;
            }
            try {
                mailbox.execute(() -> {
                    if (!closed) {
                        action.run();
                    }
                }, "alertmanager response");
            } catch (RejectedExecutionException e) {
                // the task has ended while a request was out: nothing is left to deliver to
            }
        }
    }
}
