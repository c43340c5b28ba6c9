package io.incidentdetector.source;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.metrics.OutageReport;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reports Kafka outages from inside the job ({@link OutageReport}: a line when the brokers become unreachable, a
 * summary a minute, a line when they are back, and a warning if the outage outlasts {@code kafka.transaction-timeout}).
 * The Kafka clients' own connection warnings, one per attempt and client, are left to their loggers' level. One probe
 * per process and brokers address asks the brokers for their cluster id every {@value #EVERY_SECONDS} s; it is shared
 * by the job's Kafka operators, and outlives their restarts by {@link #LINGER}, so an outage that makes the job
 * restart is still one outage.
 */
public final class KafkaOutageWatch implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageWatch.class);
    static final int EVERY_SECONDS = 5;
    static final Duration LINGER = Duration.ofMinutes(5);
    private static final Map<String, Probe> PROBES = new HashMap<>();

    private final String bootstrapServers;
    private final Properties clientProperties;
    private final Duration transactionTimeout;
    private final List<String> outputs;

    KafkaOutageWatch(String bootstrapServers, Properties clientProperties, Duration transactionTimeout,
            List<String> outputs) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = clientProperties;
        this.transactionTimeout = transactionTimeout;
        this.outputs = outputs;
    }

    /** The watch of a job reading and writing {@code kafka}; the transaction limit only with exactly-once output. */
    public static KafkaOutageWatch of(KafkaConfig kafka, Properties clientProperties) {
        KafkaConfig.KafkaTopicsConfig t = kafka.topics();
        List<String> outputs = new ArrayList<>();
        for (String topic : new String[] {t.incidents(), t.alerts(), t.deadLetters(), t.verdicts(), t.lateEvents(),
                t.controlAudit()}) {
            if (topic != null && !outputs.contains(topic)) {
                outputs.add(topic);
            }
        }
        return new KafkaOutageWatch(kafka.bootstrapServers(), clientProperties,
                kafka.exactlyOnce() ? kafka.transactionTimeout() : null, List.copyOf(outputs));
    }

    /** Called in an operator's {@code open()}: starts or joins the probe, and shows its metrics on {@code group}. */
    public void acquire(MetricGroup group) {
        Probe probe;
        synchronized (PROBES) {
            probe = PROBES.computeIfAbsent(bootstrapServers, k -> new Probe(this));
            probe.users++;
            probe.cancelStop();
        }
        probe.report.registerMetrics(group);
    }

    /** Called in the operator's {@code close()}: the probe stops {@link #LINGER} after its last user left. */
    public void release() {
        synchronized (PROBES) {
            Probe probe = PROBES.get(bootstrapServers);
            if (probe != null && --probe.users == 0) {
                probe.stopLater();
            }
        }
    }

    OutageReport report() {
        OutageReport report = new OutageReport("kafka", "Kafka brokers", bootstrapServers,
                "the job waits for them, restarting from its last checkpoint if it must; nothing is lost if they are"
                        + " back within kafka.transaction-timeout", LOG);
        if (transactionTimeout != null) {
            report.withLimit(new OutageReport.Limit("kafka.transaction-timeout", "transaction_timeout",
                    transactionTimeout, "the brokers abort transactions open that long, so records the job"
                            + " pre-committed to " + String.join(", ", outputs) + " in its last checkpoint before"
                            + " the outage may be lost (they are not written again)"));
        }
        return report;
    }

    Admin admin() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "incident-detector-outage-watch");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(EVERY_SECONDS * 1000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(EVERY_SECONDS * 1000));
        return Admin.create(props);
    }

    /** Asks the brokers, every few seconds, on a daemon thread of its own. */
    private static final class Probe {
        final OutageReport report;
        final String key;
        final ScheduledExecutorService thread;
        Admin admin;
        int users;
        ScheduledFuture<?> stop;

        Probe(KafkaOutageWatch watch) {
            this.report = watch.report();
            this.key = watch.bootstrapServers;
            this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "kafka-outage-watch");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(() -> ask(watch), EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
        }

        private void ask(KafkaOutageWatch watch) {
            try {
                if (admin == null) {
                    admin = watch.admin();
                }
                admin.describeCluster().clusterId().get(EVERY_SECONDS * 2L, TimeUnit.SECONDS);
                report.succeeded();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                Throwable cause = ExceptionUtils.stripExecutionException(e);
                report.failed(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            }
        }

        void cancelStop() {
            if (stop != null) {
                stop.cancel(false);
                stop = null;
            }
        }

        void stopLater() {
            stop = thread.schedule(() -> {
                synchronized (PROBES) {
                    if (users > 0) {
                        return;
                    }
                    PROBES.remove(key);
                }
                if (admin != null) {
                    admin.close(Duration.ZERO);
                }
                thread.shutdown();
            }, LINGER.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
