package io.incidentdetector.kafka;

import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
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
 * Exactly once across a failure. Checkpoints are 10 s apart, so the first incident is written inside a Kafka
 * transaction well before it is committed; the moment it shows up to a read_uncommitted reader, a TaskManager is
 * killed. The job restarts from its last checkpoint and writes that incident again in a new transaction; the
 * first is aborted. A read_committed reader must see every incident record exactly once (an at-least-once sink
 * fails this test, as its first copy is visible at once).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaExactlyOnceITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    @Test
    void aTaskManagerLostBeforeTheCommitDuplicatesAndLosesNoIncident(@InjectMiniCluster MiniCluster cluster,
            @TempDir Path dir) throws Exception {
        List<Incident> expected = KafkaJobRuns.fileRun("demo", dir);
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("eo-", false);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "eo", false, topics, Map.of(), Map.of()),
                c -> c.withJob(new JobSettings("it", 2, Duration.ofSeconds(10))));
        KafkaJobRuns.produceScenario(BROKER, loaded);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        env.configure(restart);
        KafkaJobRuns.define(env, KafkaJobRuns.plan(loaded, BROKER));
        JobClient job = env.executeAsync("exactly once across a failure");
        try {
            assertThat(BROKER.read(topics.incidents(), "read_uncommitted", Duration.ofSeconds(60), r -> !r.isEmpty()))
                    .as("an incident written, not yet committed").isNotEmpty();
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();

            BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(120), r -> r.size() >= expected.size());
            // stop the job, then read everything committed: a duplicate cannot hide in a fixed wait
            job.cancel().get();
            List<Incident> incidents = KafkaJobRuns.incidents(
                    BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(60)));
            assertThat(cluster.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                    .as("the job went through a restart").isPositive();
            assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(KafkaJobRuns.episodes(expected));
            assertThat(incidents).hasSameSizeAs(expected);
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
    }
}
