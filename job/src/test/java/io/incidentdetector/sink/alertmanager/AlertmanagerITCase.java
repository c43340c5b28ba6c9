package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.scenario.EventsExporter;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.testing.TestMiniCluster;
import io.incidentdetector.testing.WaitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incidents sent to a real Alertmanager (Debian's package, on loopback), read back through its API: an incident
 * appears, escalates and resolves; a restart of Alertmanager during an incident, and an Alertmanager that is down at
 * first, are survived; a writer restored from a checkpoint sends what it held. Then the whole job on a MiniCluster, with {@code --alertmanager URL}. Skipped, saying so, where
 * Alertmanager is not installed (.ci/run installs it).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AlertmanagerITCase {

    static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(1, 2);

    @TempDir
    Path dir;

    AlertmanagerServer alertmanager;
    TestThread thread;
    DeliveryMetrics metrics;

    @BeforeEach
    void setUp() throws Exception {
        alertmanager = AlertmanagerServer.in(dir);
        thread = new TestThread();
        metrics = new DeliveryMetrics(new UnregisteredMetricsGroup(), thread::now);
    }

    @AfterEach
    void tearDown() throws Exception {
        thread.close();
        alertmanager.close();
    }

    /** The sink's logic on a thread of its own, re-sending every second. */
    AlertNotifier notifier() throws Exception {
        AlertmanagerConfig config = new AlertmanagerConfig(true, List.of(alertmanager.url()), null,
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofMillis(200), Duration.ofSeconds(1), null,
                Map.of("team", "sre"), Map.of("runbook", "https://runbooks.example/{kind}#{id}"), null, null, null,
                null, null);
        return thread.call(() -> {
            AlertNotifier notifier = new AlertNotifier(config, List.of(), new AlertmanagerClient(config.timeout(),
                    new SimpleCounter(), config.http()), thread, metrics);
            notifier.start();
            return notifier;
        });
    }

    @Test
    void anIncidentAppearsEscalatesAndResolves() throws Exception {
        alertmanager.start();
        AlertNotifier notifier = notifier();

        accept(notifier, Incidents.open());
        JsonNode sev2 = awaitOne(Incidents.ID, "SEV2");
        List<String> labelNames = new java.util.ArrayList<>();
        sev2.path("labels").fieldNames().forEachRemaining(labelNames::add);
        assertThat(labelNames).containsExactlyInAnyOrder(
                "alertname", "severity", "incident_severity", "kind", "group", "suspect", "incident_id",
                "incident_role", "team");
        assertThat(sev2.path("labels").path("severity").asText()).isEqualTo("warning");
        assertThat(sev2.path("labels").path("incident_role").asText()).isEqualTo("root");
        assertThat(sev2.path("labels").path("alertname").asText()).isEqualTo("IncidentDetector");
        assertThat(sev2.path("labels").path("kind").asText()).isEqualTo("LATENCY");
        assertThat(sev2.path("labels").path("group").asText()).isEqualTo("checkout-path");
        assertThat(sev2.path("labels").path("suspect").asText()).isEqualTo("cartservice");
        assertThat(sev2.path("labels").path("team").asText()).isEqualTo("sre");
        JsonNode annotations = sev2.path("annotations");
        assertThat(annotations.path("summary").asText()).isEqualTo(
                "SEV2 latency incident on checkout-path, suspect cartservice");
        assertThat(annotations.path("description").asText()).contains("frontend->cartservice: latency 207.98 ms");
        assertThat(annotations.path("opened_at").asText()).isEqualTo("2026-01-01T00:12:00Z");
        assertThat(annotations.path("runbook").asText()).isEqualTo("https://runbooks.example/LATENCY#" + Incidents.ID);
        assertThat(sev2.path("startsAt").asText()).startsWith("2026-01-01T00:12:00");
        assertThat(sev2.path("status").path("state").asText()).isEqualTo("active");

        accept(notifier, Incidents.escalated());
        // the SEV2 label set is resolved: only SEV1 is listed
        JsonNode sev1 = awaitOne(Incidents.ID, "SEV1");
        assertThat(sev1.path("annotations").path("subjects").asText())
                .isEqualTo("checkoutservice->paymentservice, frontend->cartservice");

        accept(notifier, Incidents.resolved());
        WaitUntil.until("no active alert of " + Incidents.ID, WAIT, () -> alertmanager.alertsOf(Incidents.ID),
                List::isEmpty);
        assertThat(alertmanager.received("resolved")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anAlertmanagerRestartedDuringAnIncidentGetsTheAlertBackAtTheNextResend() throws Exception {
        alertmanager.start();
        AlertNotifier notifier = notifier();
        accept(notifier, Incidents.escalated());
        awaitOne(Incidents.ID, "SEV1");

        alertmanager.stop();
        WaitUntil.until("a re-send failing while Alertmanager is down", WAIT,
                () -> thread.call(() -> metrics.sendFailures.getCount()), failures -> failures >= 1);
        alertmanager.start();
        JsonNode back = awaitOne(Incidents.ID, "SEV1");
        assertThat(back.path("startsAt").asText()).startsWith("2026-01-01T00:12:00");
        assertThat(thread.call(() -> metrics.retries.getCount())).isPositive();
    }

    @Test
    void anAlertmanagerDownAtFirstGetsTheAlertOnceItIsUp() throws Exception {
        AlertNotifier notifier = notifier();
        accept(notifier, Incidents.open());
        WaitUntil.until("retries while Alertmanager is down", WAIT,
                () -> thread.call(() -> metrics.retries.getCount()), retries -> retries >= 2);
        assertThat(thread.call(() -> metrics.alertsSent.getCount())).isZero();

        alertmanager.start();
        awaitOne(Incidents.ID, "SEV2");
        WaitUntil.until("the delivery counted", WAIT, () -> thread.call(() -> metrics.alertsSent.getCount()),
                sent -> sent >= 1);
        assertThat(thread.call(() -> metrics.sendFailures.getCount())).isGreaterThanOrEqualTo(2);
    }

    /**
     * The Flink writer (Sink V2 with writer state, in Flink's operator test harness): the alert it holds goes into a
     * checkpoint; Alertmanager restarts while the job is down and loses it; the writer restored from the checkpoint
     * sends it again at once, before any re-send is due.
     */
    @Test
    void aWriterRestoredFromACheckpointSendsTheAlertsItHeldAtOnce() throws Exception {
        alertmanager.start();
        AlertmanagerSink sink = new AlertmanagerSink(new AlertmanagerConfig(true, List.of(alertmanager.url()), null,
                Duration.ofHours(1), Duration.ofSeconds(2), 3, null, null, null, null, null, null, null, null, null,
                null));
        OperatorSubtaskState checkpoint;
        try (OneInputStreamOperatorTestHarness<Incident, CommittableMessage<Void>> job = harness(sink)) {
            job.open();
            job.processElement(new StreamRecord<>(Incidents.escalated()));
            awaitOne(Incidents.ID, "SEV1");
            checkpoint = job.snapshot(1L, 1L);
        }
        alertmanager.stop();
        alertmanager.start();
        assertThat(alertmanager.alertsOf(Incidents.ID)).isEmpty();

        try (OneInputStreamOperatorTestHarness<Incident, CommittableMessage<Void>> restored = harness(sink)) {
            restored.initializeState(checkpoint);
            restored.open();
            JsonNode back = awaitOne(Incidents.ID, "SEV1");
            assertThat(back.path("annotations").path("summary").asText())
                    .isEqualTo("SEV1 latency incident on checkout-path, suspect cartservice");
        }
    }

    private static OneInputStreamOperatorTestHarness<Incident, CommittableMessage<Void>> harness(AlertmanagerSink sink)
            throws Exception {
        OneInputStreamOperatorTestHarness<Incident, CommittableMessage<Void>> harness =
                new OneInputStreamOperatorTestHarness<>(new SinkWriterOperatorFactory<Incident, Void>(sink),
                        TypeInformation.of(Incident.class).createSerializer(new SerializerConfigImpl()));
        harness.setProcessingTime(System.currentTimeMillis()); // the harness's clock starts at 0, in 1970
        return harness;
    }

    /**
     * The demo's first 20 minutes replayed through the whole job: its latency incident opens as SEV2 and escalates
     * to SEV1, and is still open when the input ends. Alertmanager holds exactly that one alert, at SEV1.
     */
    @Test
    void theJobSendsItsOpenIncidentAtItsCurrentSeverity() throws Exception {
        alertmanager.start();
        Path events = dir.resolve("demo-20min.jsonl");
        EventsExporter.export(ScenarioCatalog.withDuration(ScenarioCatalog.boutique("demo").orElseThrow(),
                Duration.ofMinutes(20)), ConfigLoader.load(ConfigLoader.DEFAULT_CONFIG, ScenarioCatalog.allNames())
                .config().scenario(), events);
        RunOptions options = options(dir.resolve("out-replay"));
        options.events = List.of(events);
        run(options);

        List<Incident> records = incidents(dir.resolve("out-replay"));
        assertThat(records).extracting(i -> i.status() + " " + i.severity())
                .containsExactly("OPEN SEV2", "UPDATED SEV1");
        List<JsonNode> held = WaitUntil.until("the job's alert", WAIT, alertmanager::alerts, a -> !a.isEmpty());
        assertThat(held).singleElement().satisfies(alert -> {
            assertThat(alert.path("labels").path("incident_id").asText()).isEqualTo(records.get(0).id());
            assertThat(alert.path("labels").path("incident_severity").asText()).isEqualTo("SEV1");
            assertThat(alert.path("labels").path("group").asText()).isEqualTo("checkout-path");
            assertThat(alert.path("labels").path("suspect").asText()).isEqualTo(records.get(1).suspect());
        });
        assertThat(alertmanager.received("resolved")).isEqualTo(1); // the SEV2 label set, ended at the escalation
    }

    /** The whole demo: both episodes open, one escalates, both resolve; nothing is left active in Alertmanager. */
    @Test
    void theJobResolvesEveryAlertOfTheDemo() throws Exception {
        alertmanager.start();
        RunOptions options = options(dir.resolve("out-demo"));
        run(options);

        assertThat(incidents(dir.resolve("out-demo"))).hasSize(5);
        assertThat(alertmanager.received("firing")).isGreaterThanOrEqualTo(3);  // SEV2, SEV1, error rate
        assertThat(alertmanager.received("resolved")).isGreaterThanOrEqualTo(3); // each of them ended
        assertThat(alertmanager.alerts()).isEmpty();
    }

    private RunOptions options(Path out) {
        RunOptions options = new RunOptions();
        options.out = out;
        options.quiet = true;
        options.parallelism = 2;
        options.alertmanager = List.of(alertmanager.url());
        return options;
    }

    /** Runs the job on a MiniCluster with these options, to its end. */
    static void run(RunOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        env.execute("alertmanager");
    }

    private static List<Incident> incidents(Path out) throws Exception {
        List<Incident> records = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(OutputFiles.INCIDENTS))) {
            records.add(io.incidentdetector.connectors.json.JsonCodec.mapper().readValue(line, Incident.class));
        }
        return records;
    }

    private void accept(AlertNotifier notifier, Incident incident) throws Exception {
        thread.call(() -> {
            notifier.accept(incident);
            return null;
        });
    }

    /** Waits until the incident has exactly one active alert, of this severity. */
    private JsonNode awaitOne(String incidentId, String severity) {
        return WaitUntil.until("one active " + severity + " alert of " + incidentId, WAIT,
                () -> alertmanager.alertsOf(incidentId),
                alerts -> alerts.size() == 1 && alerts.get(0).path("labels").path("incident_severity").asText()
                        .equals(severity)).get(0);
    }

    /** A task thread of the test's own: one thread for the notifier's state, real time. */
    static final class TestThread implements TaskThread, AutoCloseable {
        private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "alertmanager-notifier");
            t.setDaemon(true);
            return t;
        });

        @Override
        public long now() {
            return System.currentTimeMillis();
        }

        @Override
        public void schedule(long timeMillis, Runnable action) {
            try {
                executor.schedule(action, Math.max(0, timeMillis - now()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed at the end of the test
            }
        }

        @Override
        public void execute(Runnable action) {
            try {
                executor.execute(action);
            } catch (RejectedExecutionException e) {
                // closed at the end of the test
            }
        }

        <T> T call(Callable<T> action) throws Exception {
            try {
                return executor.submit(action).get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
