package io.incidentdetector.chaos;

import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.kafka.KafkaBroker;
import io.incidentdetector.kafka.KafkaJobRuns;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.TestMiniCluster;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job on a real broker while faults chosen at random from a fixed seed strike between parts of a fault
 * scenario's input, at random moments. Two ways to run it, two sets of faults:
 * <ul>
 *   <li>as a user runs it locally ({@code java -jar incident-detector-local.jar --kafka}, a process of its own): the
 *       launcher killed with SIGKILL or stopped as Ctrl-C stops it, then started again with the same command;</li>
 *   <li>on a MiniCluster of two TaskManagers: a TaskManager killed and another started.</li>
 * </ul>
 * Both also get hostile records among the good ones ({@link HostileRecords}) and broker outages (the broker stopped,
 * then started again on its port and data). The incident records, read with
 * {@code read_committed}, must be those of a clean file run of the same input: the same episodes, each record
 * exactly once.
 *
 * <p>CI runs the short mode (a few faults each). The long mode is a command, e.g.
 * {@code mvn -o -q -pl job -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ChaosITCase
 * -Dchaos.faults=30 -Dchaos.seed=7 -Dchaos.scenario=double-delay}; the faults struck are printed with their times.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ChaosITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.restartable();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    private static final long SEED = Long.getLong("chaos.seed", 22);
    private static final int FAULTS = Integer.getInteger("chaos.faults", 4);
    private static final String SCENARIO = System.getProperty("chaos.scenario", "demo");
    /** A broker outage lasts 3 s plus up to this. */
    private static final int OUTAGE_MAX_MS = Integer.getInteger("chaos.outage-ms", 12_000);

    @Test
    void theLauncherKilledStoppedAndFedHostileRecordsWritesTheIncidentsOfACleanRunOnce(@TempDir Path dir)
            throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaConfig.KafkaTopicsConfig.defaults();
        Random random = new Random(SEED);
        try (LauncherFaults faults = new LauncherFaults(dir, BROKER)) {
            run(dir, topics, random, faults, List.of(Fault.KILL_LAUNCHER, Fault.STOP_LAUNCHER, Fault.HOSTILE_RECORDS,
                    Fault.STOP_BROKER));
        }
    }

    @Test
    void aJobThatLosesTaskManagersAndIsFedHostileRecordsWritesTheIncidentsOfACleanRunOnce(
            @InjectMiniCluster MiniCluster cluster, @TempDir Path dir) throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("chaos-", false);
        LoadedConfig loaded = KafkaJobRuns.config(SCENARIO, BROKER,
                k -> KafkaJobRuns.kafka(k, "chaos", false, topics, Map.of(), Map.of()),
                c -> c.withJob(new JobSettings("chaos", 2, Duration.ofSeconds(2))));
        Random random = new Random(SEED);
        try (MiniClusterFaults faults = new MiniClusterFaults(cluster, loaded, BROKER, random)) {
            run(dir, topics, random, faults, List.of(Fault.KILL_TASKMANAGER, Fault.HOSTILE_RECORDS, Fault.STOP_BROKER));
        }
    }

    private static void run(Path dir, KafkaConfig.KafkaTopicsConfig topics, Random random, Faults faults,
            List<Fault> kinds) throws Exception {
        List<Incident> expected = KafkaJobRuns.fileRun(SCENARIO, dir.resolve("files"));
        KafkaJobRuns.createTopics(BROKER, topics, 3, Map.of());
        List<List<ScenarioEvents.Record>> parts = KafkaJobRuns.split(KafkaJobRuns.scenario(SCENARIO),
                cuts(ScenarioCatalog.get(SCENARIO).duration(), FAULTS + 1));
        long startedAt = System.nanoTime();
        List<String> struck = new ArrayList<>();
        long hostile = 0;

        // every kind at least once when there are enough faults, in an order drawn from the seed
        List<Fault> order = new ArrayList<>(kinds);
        Collections.shuffle(order, random);
        faults.start();
        for (int i = 0; i < parts.size(); i++) {
            KafkaJobRuns.produce(BROKER, topics, parts.get(i));
            if (i < FAULTS) {
                Thread.sleep(random.nextInt(4_000));
                Fault fault = i < order.size() ? order.get(i) : kinds.get(random.nextInt(kinds.size()));
                struck.add(String.format("%s at %.0f s", fault, (System.nanoTime() - startedAt) / 1e9));
                if (fault == Fault.HOSTILE_RECORDS) {
                    List<byte[]> records = HostileRecords.some(random, System.currentTimeMillis());
                    BROKER.produceRaw(topics.serviceCalls().get(0), random.nextInt(3), records);
                    hostile += records.size();
                } else if (fault == Fault.STOP_BROKER) {
                    BROKER.stop();
                    Thread.sleep(3_000 + random.nextInt(OUTAGE_MAX_MS));
                    BROKER.restart();
                } else {
                    faults.strike(fault);
                }
            }
        }
        BROKER.readCommitted(topics.incidents(), Duration.ofMinutes(3), r -> r.size() >= expected.size());
        // the last incident can come from the canary topic while the hostile records' partition is still being read
        awaitDeadLetters(topics, hostile, Duration.ofMinutes(2));
        faults.stop();
        System.out.printf("chaos (seed %d, %s): %s%n", SEED, SCENARIO, String.join("; ", struck));

        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(60)));
        assertThat(KafkaJobRuns.episodes(incidents)).as("faults: %s", struck)
                .isEqualTo(KafkaJobRuns.episodes(expected));
        assertThat(incidents).as("every record once; faults: %s", struck)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(BROKER.endOffsets(topics.deadLetters())).as("the hostile records dead-lettered")
                .isGreaterThanOrEqualTo(hostile);
    }

    private static void awaitDeadLetters(KafkaConfig.KafkaTopicsConfig topics, long atLeast, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (BROKER.endOffsets(topics.deadLetters()) < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** {@code n - 1} cuts that split {@code duration} into {@code n} equal parts. */
    private static Duration[] cuts(Duration duration, int n) {
        Duration[] cuts = new Duration[n - 1];
        for (int i = 1; i < n; i++) {
            cuts[i - 1] = duration.multipliedBy(i).dividedBy(n);
        }
        return cuts;
    }

    /** What can strike between two parts of the input. */
    enum Fault {
        KILL_LAUNCHER, STOP_LAUNCHER, KILL_TASKMANAGER, HOSTILE_RECORDS, STOP_BROKER
    }

    /** Where the job runs, and the faults that strike it there. */
    interface Faults extends AutoCloseable {
        void start() throws Exception;

        void strike(Fault fault) throws Exception;

        void stop() throws Exception;
    }

    /** The job on the test's MiniCluster, unbounded, restarted by Flink after a lost TaskManager. */
    static final class MiniClusterFaults implements Faults {
        private final MiniCluster cluster;
        private final LoadedConfig loaded;
        private final KafkaBroker broker;
        private final Random random;
        private JobClient job;

        MiniClusterFaults(MiniCluster cluster, LoadedConfig loaded, KafkaBroker broker, Random random) {
            this.cluster = cluster;
            this.loaded = loaded;
            this.broker = broker;
            this.random = random;
        }

        @Override
        public void start() throws Exception {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            Configuration restart = new Configuration();
            restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
            env.configure(restart);
            KafkaJobRuns.define(env, KafkaJobRuns.plan(loaded, broker));
            job = env.executeAsync("chaos");
        }

        @Override
        public void strike(Fault fault) throws Exception {
            cluster.terminateTaskManager(random.nextInt(2)).get();
            cluster.startTaskManager();
        }

        @Override
        public void stop() throws Exception {
            job.cancel().get();
        }

        @Override
        public void close() throws Exception {
            if (job != null && !job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
    }
}
