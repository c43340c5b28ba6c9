package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.LauncherProcess;
import io.incidentdetector.testing.WaitUntil;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local launcher keeps its state across a kill, as a user runs it: {@code java -jar incident-detector-local.jar
 * --kafka} in a process of its own, against a real broker. Killed with SIGKILL while an incident is open and its
 * first record may still be in an open transaction, then started again with the same command, it resumes from its
 * last checkpoint: the incident resolves, and a read_committed reader finds every incident record of an
 * uninterrupted run, each once. A changed topology is refused with the reason and the ways on; {@code --fresh} sets
 * the old state aside.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class LauncherRestartITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    static final Path BUNDLED_CONFIG = Path.of("..", "jobs-config", "local.yaml").toAbsolutePath().normalize();

    @Test
    void aLauncherKilledWhileAnIncidentIsOpenResumesItAndWritesEveryRecordOnce(@TempDir Path dir) throws Exception {
        List<Incident> expected = KafkaJobRuns.fileRun("demo", dir.resolve("files"));
        KafkaConfig.KafkaTopicsConfig topics = KafkaConfig.KafkaTopicsConfig.defaults();
        KafkaJobRuns.createTopics(BROKER, topics, 3);
        ScenarioConfig scenario = KafkaJobRuns.config("demo", BROKER, k -> k).config().scenario();
        // the latency incident opens at 00:12 and resolves at 00:27: open whenever the first 15 minutes have been read
        List<List<ScenarioEvents.Record>> parts = KafkaJobRuns.split(scenario, Duration.ofMinutes(5),
                Duration.ofMinutes(15));
        KafkaJobRuns.produce(BROKER, topics, parts.get(0));
        // the default state folder, under $XDG_STATE_HOME: the command is the one of docs/kafka.md
        Map<String, String> environment = Map.of("XDG_STATE_HOME", dir.resolve("state-home").toString());
        Path state = dir.resolve("state-home/incident-detector/incident-detector");
        String[] command = {"--kafka", "--bootstrap-servers", BROKER.bootstrapServers(), "--quiet"};

        try (LauncherProcess first = LauncherProcess.start(dir.resolve("first.log"), environment, command)) {
            first.awaitConsole("state: started fresh (no checkpoint in " + state + ")", Duration.ofSeconds(60));
            WaitUntil.until("a complete checkpoint", Duration.ofSeconds(60), () -> completeCheckpoints(state),
                    found -> !found.isEmpty());
            // then the incident's start: it is written at once, and committed only at the next checkpoint
            KafkaJobRuns.produce(BROKER, topics, parts.get(1));
            List<ConsumerRecord<byte[], byte[]>> written = BROKER.read(topics.incidents(), "read_uncommitted",
                    Duration.ofSeconds(90), r -> !r.isEmpty());
            first.kill();
            assertThat(KafkaJobRuns.incidents(written)).first().extracting(Incident::status)
                    .isEqualTo(IncidentStatus.OPEN);
        }
        assertThat(completeCheckpoints(state)).as("checkpoints kept after kill -9").isNotEmpty();

        KafkaJobRuns.produce(BROKER, topics, parts.get(2));
        try (LauncherProcess second = LauncherProcess.start(dir.resolve("second.log"), environment, command)) {
            Duration resumed = second.awaitConsole("state: resumed from checkpoint", Duration.ofSeconds(60));
            BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(120), r -> r.size() >= expected.size());
            System.out.printf("kill -9 test: resumed line %.1f s after the second start, all %d incident records"
                    + " committed %.1f s after it%n", resumed.toMillis() / 1000.0, expected.size(),
                    second.elapsed().toMillis() / 1000.0);
            second.stop();
        }
        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(60)));
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(KafkaJobRuns.episodes(expected));
        assertThat(incidents).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * A run stopped with Ctrl-C keeps its checkpoints; the same state folder under a configuration without the
     * client-errors topic (the canary pipeline gone) is refused with what changed and the ways on, and a second
     * launcher on a folder in use is refused too. {@code --fresh} sets the state aside and starts without it; the
     * next start resumes from the fresh run's own checkpoints.
     */
    @Test
    void aChangedTopologyIsRefusedUntilStartedFresh(@TempDir Path dir) throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(List.of("r-calls"),
                List.of("r-errors"), "r-incidents", "r-alerts", "r-dead", null, null, null, null, null);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        Path both = config(dir, "both.yaml", "[r-errors]");
        Path latencyOnly = config(dir, "latency-only.yaml", "[]");
        Path state = dir.resolve("state");
        String bootstrap = BROKER.bootstrapServers();

        try (LauncherProcess run = LauncherProcess.start(dir.resolve("a.log"), Map.of(), "--kafka",
                "--bootstrap-servers", bootstrap, "--config", both.toString(), "--state-dir", state.toString())) {
            run.awaitConsole("state: started fresh (no checkpoint in " + state + ")", Duration.ofSeconds(60));
            WaitUntil.until("a complete checkpoint", Duration.ofSeconds(60), () -> completeCheckpoints(state),
                    found -> !found.isEmpty());
            try (LauncherProcess other = LauncherProcess.start(dir.resolve("other.log"), Map.of(), "--kafka",
                    "--bootstrap-servers", bootstrap, "--config", both.toString(), "--state-dir", state.toString())) {
                assertThat(other.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
                assertThat(other.console()).contains("error: the state folder " + state + " is in use by another"
                        + " launcher (pid ");
            }
            assertThat(run.stop()).as("SIGTERM, as Ctrl-C").isNotZero();
        }
        List<Path> kept = completeCheckpoints(state);
        assertThat(kept).as("checkpoints kept after Ctrl-C").isNotEmpty();

        try (LauncherProcess refused = LauncherProcess.start(dir.resolve("b.log"), Map.of(), "--kafka",
                "--bootstrap-servers", bootstrap, "--config", latencyOnly.toString(), "--state-dir",
                state.toString())) {
            assertThat(refused.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(refused.console()).contains("error: cannot resume from checkpoint")
                    .contains("the checkpoint holds state of operators this job does not have, which Flink cannot"
                            + " map: ")
                    .contains("kafka-client-errors-source").contains("canary-binner")
                    .contains("kafka.topics.client-errors: [r-errors] -> []")
                    .contains("Fix: start with --fresh").contains("--allow-non-restored-state");
        }
        assertThat(completeCheckpoints(state)).as("a refused start changes nothing").isEqualTo(kept);

        try (LauncherProcess fresh = LauncherProcess.start(dir.resolve("c.log"), Map.of(), "--kafka",
                "--bootstrap-servers", bootstrap, "--config", latencyOnly.toString(), "--state-dir", state.toString(),
                "--fresh")) {
            fresh.awaitConsole("state: started fresh (--fresh; the previous state is kept in " + state
                    + "/set-aside/", Duration.ofSeconds(60));
            WaitUntil.until("a complete checkpoint of the fresh run", Duration.ofSeconds(60),
                    () -> completeCheckpoints(state.resolve("checkpoints")), found -> !found.isEmpty());
            fresh.kill();
        }
        try (Stream<Path> aside = Files.list(state.resolve("set-aside"))) {
            Path setAside = aside.findFirst().orElseThrow();
            assertThat(completeCheckpoints(setAside)).hasSameSizeAs(kept);
            assertThat(setAside.resolve("topology.properties")).content().contains("input=kafka")
                    .contains("kafka.topics.client-errors=[r-errors]");
        }

        try (LauncherProcess again = LauncherProcess.start(dir.resolve("d.log"), Map.of(), "--kafka",
                "--bootstrap-servers", bootstrap, "--config", latencyOnly.toString(), "--state-dir",
                state.toString())) {
            again.awaitConsole("state: resumed from checkpoint", Duration.ofSeconds(60));
            again.kill();
        }
    }

    /** The bundled configuration on this test's topics, with {@code clientErrors} as its client-errors topics. */
    private static Path config(Path dir, String name, String clientErrors) throws IOException {
        Map<String, String> replace = new LinkedHashMap<>();
        replace.put("training: training/", "training: " + BUNDLED_CONFIG.getParent().resolve("training") + "/");
        replace.put("checkpoint-interval: 5s", "checkpoint-interval: 1s");
        replace.put("service-calls: [service-calls]", "service-calls: [r-calls]");
        replace.put("client-errors: [client-errors]", "client-errors: " + clientErrors);
        replace.put("incidents: incidents", "incidents: r-incidents");
        replace.put("alerts: canary-alerts", "alerts: r-alerts");
        replace.put("dead-letters: dead-letters", "dead-letters: r-dead");
        replace.put("name: incident-detector", "name: r");
        String text = Files.readString(BUNDLED_CONFIG);
        for (Map.Entry<String, String> r : replace.entrySet()) {
            assertThat(text).as("local.yaml").contains(r.getKey());
            text = text.replace(r.getKey(), r.getValue());
        }
        return Files.writeString(dir.resolve(name), text);
    }

    /** The checkpoint folders below {@code state} whose metadata was written. */
    static List<Path> completeCheckpoints(Path state) throws IOException {
        if (!Files.isDirectory(state)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(state)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata")).map(Path::getParent).sorted()
                    .toList();
        }
    }
}
