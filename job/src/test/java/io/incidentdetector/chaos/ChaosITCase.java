package io.incidentdetector.chaos;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.kafka.KafkaBroker;
import io.incidentdetector.kafka.KafkaJobRuns;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.LauncherProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job as a user runs it ({@code java -jar incident-detector-local.jar --kafka}, against a real broker) while
 * faults chosen at random from a fixed seed strike between parts of a fault scenario's input: the launcher killed
 * with SIGKILL or stopped as Ctrl-C stops it and started again with the same command, the broker stopped and started
 * again, hostile records sent among the good ones. Its incident records, read with {@code read_committed}, must be
 * those of a clean file run of the same input: the same episodes, each record exactly once.
 *
 * <p>CI runs the short mode (a few faults). The long mode is a command, e.g.
 * {@code mvn -o -q -pl job -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ChaosITCase
 * -Dchaos.faults=30 -Dchaos.seed=7 -Dchaos.scenario=double-delay}; every fault is printed with its time.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class ChaosITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    private static final long SEED = Long.getLong("chaos.seed", 22);
    private static final int FAULTS = Integer.getInteger("chaos.faults", 4);
    private static final String SCENARIO = System.getProperty("chaos.scenario", "demo");

    @Test
    void theIncidentsOfACleanRunSurviveRandomFaults(@TempDir Path dir) throws Exception {
        List<Incident> expected = KafkaJobRuns.fileRun(SCENARIO, dir.resolve("files"));
        KafkaConfig.KafkaTopicsConfig topics = KafkaConfig.KafkaTopicsConfig.defaults();
        KafkaJobRuns.createTopics(BROKER, topics, 3, Map.of());
        ScenarioConfig scenario = KafkaJobRuns.scenario(SCENARIO);
        List<List<ScenarioEvents.Record>> parts = KafkaJobRuns.split(scenario,
                cuts(ScenarioCatalog.get(SCENARIO).duration(), FAULTS + 1));

        Random random = new Random(SEED);
        Faults faults = new Faults(BROKER, topics, dir, random, new String[] {"--kafka", "--bootstrap-servers",
            BROKER.bootstrapServers(), "--quiet"}, Map.of("XDG_STATE_HOME", dir.resolve("state-home").toString()));
        List<String> struck = new ArrayList<>();
        try (faults) {
            faults.startLauncher();
            for (int i = 0; i < parts.size(); i++) {
                KafkaJobRuns.produce(BROKER, topics, parts.get(i));
                if (i < FAULTS) {
                    Thread.sleep(random.nextInt(4_000));
                    struck.add(faults.strike(Fault.values()[random.nextInt(Fault.values().length)]));
                }
            }
            BROKER.readCommitted(topics.incidents(), Duration.ofMinutes(3), r -> r.size() >= expected.size());
            faults.stopLauncher();
        }
        System.out.printf("chaos (seed %d, %s): %s%n", SEED, SCENARIO, String.join("; ", struck));

        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(60)));
        assertThat(KafkaJobRuns.episodes(incidents)).as("faults: %s", struck)
                .isEqualTo(KafkaJobRuns.episodes(expected));
        assertThat(incidents).as("every record once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(BROKER.endOffsets(topics.deadLetters())).as("the hostile records dead-lettered")
                .isGreaterThanOrEqualTo(faults.hostileSent());
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
        KILL_LAUNCHER, STOP_LAUNCHER, HOSTILE_RECORDS
    }

    /** The launcher process of the run, and the faults that strike it. */
    static final class Faults implements AutoCloseable {
        private final KafkaBroker broker;
        private final KafkaConfig.KafkaTopicsConfig topics;
        private final Path dir;
        private final Random random;
        private final String[] command;
        private final Map<String, String> environment;
        private final long startedAt = System.nanoTime();
        private LauncherProcess launcher;
        private int starts;
        private long hostileSent;

        Faults(KafkaBroker broker, KafkaConfig.KafkaTopicsConfig topics, Path dir, Random random, String[] command,
                Map<String, String> environment) {
            this.broker = broker;
            this.topics = topics;
            this.dir = dir;
            this.random = random;
            this.command = command;
            this.environment = environment;
        }

        void startLauncher() throws Exception {
            starts++;
            launcher = LauncherProcess.start(dir.resolve("launcher-" + starts + ".log"), environment, command);
            launcher.awaitConsole("state: ", Duration.ofSeconds(90));
        }

        void stopLauncher() throws InterruptedException {
            launcher.stop();
        }

        String strike(Fault fault) throws Exception {
            String at = String.format("%.0f s", (System.nanoTime() - startedAt) / 1e9);
            switch (fault) {
                case KILL_LAUNCHER -> {
                    launcher.kill();
                    startLauncher();
                }
                case STOP_LAUNCHER -> {
                    launcher.stop();
                    startLauncher();
                }
                case HOSTILE_RECORDS -> {
                    List<byte[]> records = HostileRecords.some(random, System.currentTimeMillis());
                    broker.produceRaw(topics.serviceCalls().get(0), random.nextInt(3), records);
                    hostileSent += records.size();
                }
            }
            return fault + " at " + at;
        }

        long hostileSent() {
            return hostileSent;
        }

        @Override
        public void close() throws InterruptedException {
            if (launcher != null) {
                launcher.close();
            }
        }
    }
}
