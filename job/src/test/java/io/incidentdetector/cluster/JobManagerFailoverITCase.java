package io.incidentdetector.cluster;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.kafka.KafkaBroker;
import io.incidentdetector.kafka.KafkaJobRuns;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.RequiredBinary;
import io.incidentdetector.testing.WaitUntil;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JobManager of a high-availability standalone cluster (docker/local/flink.sh with FLINK_HA=zookeeper: a real
 * ZooKeeper server from Debian's package, a JobManager, two TaskManagers, RocksDB) is killed with SIGKILL while a
 * latency incident is open and its OPEN record is written but not yet committed. A new JobManager
 * ({@code flink.sh start-jobmanager}) must take over the job from its last checkpoint, and the incidents topic,
 * read with read_committed, must hold every incident record of the uninterrupted file run exactly once.
 *
 * <p>Checkpoints are taken on request (REST API) at known points: the job configuration sets a 9 min interval and
 * the submission a 9 min minimum pause, so no periodic checkpoint falls inside the test and the OPEN record is
 * certainly uncommitted when the JobManager dies.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class JobManagerFailoverITCase {

    /** Debian's ZooKeeper server, which flink.sh runs. */
    static final Path ZOOKEEPER_JAR = Path.of("/usr/share/java/zookeeper.jar");
    static final Duration NO_PERIODIC_CHECKPOINT = Duration.ofMinutes(9);

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    @TempDir
    static Path state;
    static LocalFlinkCluster cluster;
    static List<Incident> expected;
    static Incident latencyOpen;

    @BeforeAll
    static void startCluster() throws Exception {
        RequiredBinary.file("zookeeper", ZOOKEEPER_JAR);
        assertThat(LocalFlinkCluster.JOB_JAR).exists();
        expected = KafkaJobRuns.fileRun("demo", state.resolve("file-run"));
        latencyOpen = expected.stream().filter(i -> i.kind() == IncidentKind.LATENCY && i.status() == IncidentStatus.OPEN)
                .findFirst().orElseThrow();
        cluster = new LocalFlinkCluster(state.resolve("flink"), Map.of("FLINK_STATE_BACKEND", "rocksdb",
                "FLINK_HA", "zookeeper", "FLINK_ZOOKEEPER_PORT", Integer.toString(RequiredBinary.freePort())));
        assertThat(cluster.start()).contains("Flink cluster running", "2 TaskManagers", "state backend rocksdb",
                "high availability with ZooKeeper at 127.0.0.1:");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void aJobManagerKilledDuringAnIncidentIsReplacedAndTheIncidentsStayExactlyOnce() throws Exception {
        JobConfig config = ConfigLoader.load("local.yaml", ScenarioCatalog.allNames()).config();
        KafkaConfig.KafkaTopicsConfig topics = config.kafka().topics();
        KafkaJobRuns.createTopics(BROKER, topics, 2, Map.of("cleanup.policy", "compact"));
        // before the fault (10:00), until the latency incident is open (12:00), the rest (escalation, resolution,
        // the canary's incident)
        List<List<ScenarioEvents.Record>> parts = KafkaJobRuns.split(config.scenario(), Duration.ofMinutes(10),
                Duration.ofMinutes(15));

        KafkaJobRuns.produce(BROKER, topics, parts.get(0));
        String job = cluster.submit(List.of("-Dexecution.checkpointing.min-pause=" + NO_PERIODIC_CHECKPOINT.toMinutes()
                + "min"), "--config", jobConfigWithoutPeriodicCheckpoints().toString(), "--kafka",
                "--bootstrap-servers", BROKER.bootstrapServers(), "--quiet");
        cluster.awaitAllTasksRunning(job, Duration.ofMinutes(1));
        long lastCheckpoint = cluster.checkpoint(job);

        KafkaJobRuns.produce(BROKER, topics, parts.get(1));
        List<Incident> written = KafkaJobRuns.incidents(BROKER.read(topics.incidents(), "read_uncommitted",
                Duration.ofMinutes(2), r -> !r.isEmpty()));
        assertThat(written).as("the latency incident written").containsExactly(latencyOpen);
        assertThat(BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(30)))
                .as("nothing committed yet").isEmpty();

        long killedPid = cluster.pid("jobmanager");
        ProcessHandle killed = ProcessHandle.of(killedPid).orElseThrow();
        long killedAt = System.nanoTime();
        assertThat(killed.destroyForcibly()).as("SIGKILL to the JobManager").isTrue();
        killed.onExit().get(30, TimeUnit.SECONDS);

        LocalFlinkCluster.Result restarted = cluster.script(Duration.ofMinutes(2), "start-jobmanager");
        assertThat(restarted.exitCode()).as(restarted.output()).isZero();
        double leaderAfter = seconds(killedAt);
        cluster.awaitAllTasksRunning(job, Duration.ofMinutes(2));
        double runningAfter = seconds(killedAt);
        System.out.printf("JobManager failover: the new JobManager leads %.1f s after the kill, the job runs again"
                + " after %.1f s%n", leaderAfter, runningAfter);
        assertThat(cluster.pid("jobmanager")).isNotEqualTo(killedPid);
        JsonNode restored = cluster.rest("/jobs/" + job + "/checkpoints").get("latest").get("restored");
        assertThat(restored.get("id").asLong()).as("restored from the last checkpoint").isEqualTo(lastCheckpoint);
        assertThat(restored.get("is_savepoint").asBoolean()).isFalse();

        KafkaJobRuns.produce(BROKER, topics, parts.get(2));
        WaitUntil.until("every incident record written again", Duration.ofMinutes(2),
                () -> KafkaJobRuns.incidents(BROKER.read(topics.incidents(), "read_uncommitted", Duration.ofSeconds(2),
                        r -> false)), w -> w.containsAll(expected));
        cluster.checkpoint(job);
        assertThat(cluster.script(Duration.ofMinutes(1), "cli", "cancel", job).exitCode()).isZero();
        cluster.awaitState(job, "CANCELED");

        // the job is gone: whatever is committed now is all there will be
        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(60)));
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(KafkaJobRuns.episodes(expected));
        assertThat(incidents).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(incidents).filteredOn(i -> i.id().equals(latencyOpen.id())).extracting(Incident::status)
                .containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATED, IncidentStatus.RESOLVED);
    }

    /** The bundled configuration with a checkpoint interval longer than the test (its training files beside it). */
    private static Path jobConfigWithoutPeriodicCheckpoints() throws Exception {
        Path bundled = LocalFlinkCluster.ROOT.resolve("jobs-config");
        Path dir = Files.createDirectories(state.resolve("job-config"));
        String yaml = Files.readString(bundled.resolve("local.yaml"));
        String longInterval = yaml.replaceFirst("checkpoint-interval: \\S+",
                "checkpoint-interval: " + NO_PERIODIC_CHECKPOINT.toMinutes() + "min");
        assertThat(longInterval).isNotEqualTo(yaml);
        Files.writeString(dir.resolve("local.yaml"), longInterval);
        Files.createDirectories(dir.resolve("training"));
        try (Stream<Path> training = Files.list(bundled.resolve("training"))) {
            for (Path file : training.toList()) {
                Files.copy(file, dir.resolve("training").resolve(file.getFileName()));
            }
        }
        return dir.resolve("local.yaml");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
