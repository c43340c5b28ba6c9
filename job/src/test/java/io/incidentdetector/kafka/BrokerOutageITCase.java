package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.LauncherProcess;

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
 * The broker stopped for a minute under an unbounded run of the launcher ({@code java -jar
 * incident-detector-local.jar --kafka}, a process of its own, so its console is the one a user sees), while an
 * incident is open and its first record is in a transaction not yet committed. The console stays quiet (the job's
 * own line when the outage starts and when it ends, not one line per connection attempt), the run survives, and a
 * read_committed reader finds every incident record of an uninterrupted run, each once.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BrokerOutageITCase {

    static final Duration OUTAGE = Duration.ofSeconds(60);
    /** How long the job may take to notice the broker is back. */
    static final Duration RECOVERY = Duration.ofSeconds(40);
    static final Duration SETTLE = Duration.ofSeconds(10);
    static final int MAX_LINES = 10;

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.restartable();

    @Test
    void aMinuteWithoutTheBrokerIsQuietAndLosesNothing(@TempDir Path dir) throws Exception {
        List<Incident> expected = KafkaJobRuns.fileRun("demo", dir.resolve("files"));
        KafkaConfig.KafkaTopicsConfig topics = KafkaConfig.KafkaTopicsConfig.defaults();
        KafkaJobRuns.createTopics(BROKER, topics, 3);
        ScenarioConfig scenario = KafkaJobRuns.config("demo", BROKER, k -> k).config().scenario();
        // the latency incident opens at 00:12 and resolves at 00:27
        List<List<ScenarioEvents.Record>> parts = KafkaJobRuns.split(scenario, Duration.ofMinutes(15));
        KafkaJobRuns.produce(BROKER, topics, parts.get(0));

        String during;
        try (LauncherProcess run = LauncherProcess.start(dir.resolve("console.log"), Map.of(), "--kafka",
                "--bootstrap-servers", BROKER.bootstrapServers(), "--state-dir", dir.resolve("state").toString(),
                "--quiet")) {
            run.awaitConsole("state: started fresh", Duration.ofSeconds(60));
            // the incident's first record is written, and committed only at the next checkpoint
            BROKER.read(topics.incidents(), "read_uncommitted", Duration.ofSeconds(90), r -> !r.isEmpty());
            int before = lines(run.console());
            BROKER.stop();
            Thread.sleep(OUTAGE.toMillis());
            BROKER.restart();
            long restarted = System.nanoTime();
            long deadline = System.nanoTime() + RECOVERY.toNanos();
            while (!run.console().contains("Kafka brokers reachable again") && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            Thread.sleep(SETTLE.toMillis()); // what a restart after the outage may print
            during = run.console().lines().skip(before).reduce("", (a, b) -> a + b + "\n");
            KafkaJobRuns.produce(BROKER, topics, parts.get(1));
            BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(120), r -> r.size() >= expected.size());
            System.out.printf("broker outage test: all %d incident records committed %.1f s after the broker was"
                    + " back%n", expected.size(), (System.nanoTime() - restarted) / 1e9);
            run.stop();
        }
        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(60)));
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(KafkaJobRuns.episodes(expected));
        assertThat(incidents).containsExactlyInAnyOrderElementsOf(expected);
        int printed = lines(during);
        System.out.printf("broker outage test: %d s without the broker, %d console lines:%n%s", OUTAGE.toSeconds(),
                printed, during);
        assertThat(printed).as("console lines during and right after the outage:\n" + during)
                .isLessThanOrEqualTo(MAX_LINES);
        assertThat(during).containsOnlyOnce("Kafka brokers unreachable").containsOnlyOnce(
                "Kafka brokers reachable again");
    }

    private static int lines(String text) {
        return (int) text.lines().count();
    }
}
