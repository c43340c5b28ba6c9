package io.incidentdetector.kafka;

import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * State survives stop-with-savepoint and a restart at another parallelism, 2 -> 1 -> 2. The demo is fed in three
 * parts; the job is stopped with a savepoint after each of the first two and resumed from it. The latency incident
 * opens before the first savepoint and escalates and resolves after it, under the same id; the canary bins are
 * mid-regression at the second. Every incident record, temperatures and evidence included, must equal the
 * uninterrupted file run's, which holds only if accumulators, group heat, CEP and lifecycle state all survived.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaSavepointRescaleITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    @Test
    void anIncidentOpenBeforeASavepointStaysTheSameIncidentAtAnyParallelism(@TempDir Path dir) throws Exception {
        List<Incident> expected = KafkaJobRuns.fileRun("demo", dir.resolve("files"));
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("sp-", false);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        List<List<ScenarioEvents.Record>> parts = KafkaJobRuns.split(
                KafkaJobRuns.config("demo", BROKER, k -> k).config().scenario(), Duration.ofMinutes(15),
                Duration.ofMinutes(30));

        KafkaJobRuns.produce(BROKER, topics, parts.get(0));
        String first = runUntil(2, null, topics, dir, 1);
        KafkaJobRuns.produce(BROKER, topics, parts.get(1));
        String second = runUntil(1, first, topics, dir, 3);
        KafkaJobRuns.produce(BROKER, topics, parts.get(2));
        runUntil(2, second, topics, dir, expected.size());

        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(3), r -> false));
        assertThat(incidents.get(0).status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incidents).filteredOn(i -> i.status() == IncidentStatus.OPEN).hasSize(2);
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(KafkaJobRuns.episodes(expected));
        assertThat(incidents).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Runs the job at {@code parallelism}, from {@code savepoint} if given, until {@code incidents} records are
     * committed; then stops it with a savepoint (returned), or cancels it when it is the last run.
     */
    private static String runUntil(int parallelism, String savepoint, KafkaConfig.KafkaTopicsConfig topics, Path dir,
            int incidents) throws Exception {
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "sp", false, topics, Map.of(), Map.of()),
                c -> c.withJob(new JobSettings("it", parallelism, Duration.ofSeconds(1))));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (savepoint != null) {
            Configuration conf = new Configuration();
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            env.configure(conf);
        }
        KafkaJobRuns.define(env, KafkaJobRuns.plan(loaded, BROKER));
        JobClient job = env.executeAsync("savepoint rescale at parallelism " + parallelism);
        assertThat(BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(90), r -> r.size() >= incidents))
                .as("incidents committed at parallelism " + parallelism).hasSizeGreaterThanOrEqualTo(incidents);
        if (incidents >= 5) {
            job.cancel().get();
            return null;
        }
        return job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
    }
}
