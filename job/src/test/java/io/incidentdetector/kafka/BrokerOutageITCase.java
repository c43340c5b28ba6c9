package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.LauncherProcess;
import io.incidentdetector.testing.WaitUntil;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broker stopped for a minute under an unbounded run of the launcher ({@code java -jar
 * incident-detector-local.jar --kafka}, a process of its own, so its console is the one a user sees), while an
 * incident is open and the job has read all its input so far. The console stays quiet (the job's
 * own line when the outage starts and when it ends, not one line per connection attempt), the run survives, and a
 * read_committed reader finds every incident record of an uninterrupted run, each once (the run is killed after the
 * outage and the rest of the input produced before it resumes, as in {@link LauncherRestartITCase}).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BrokerOutageITCase {

    static final Duration OUTAGE = Duration.ofSeconds(60);
    /** How long the job may take to notice the broker is back. */
    static final Duration RECOVERY = Duration.ofSeconds(40);
    /** The launcher's consoles, kept after the test. */
    static final Path CONSOLES = Path.of("target", "broker-outage");
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
        String group = KafkaJobRuns.config("demo", BROKER, k -> k).config().kafka().groupId();
        // the latency incident opens at 00:12 and resolves at 00:27; the canary's opens at 00:32. The outage comes at
        // 00:30 of event time: a pause in the input while an incident is open changes how it ends, outage or not
        // (reported in docs/reliability.md#outages-kafka-brokers-prometheus-alertmanager)
        List<List<ScenarioEvents.Record>> parts = KafkaJobRuns.split(scenario, Duration.ofMinutes(5),
                Duration.ofMinutes(30));
        KafkaJobRuns.produce(BROKER, topics, parts.get(0));
        String[] command = {"--kafka", "--bootstrap-servers", BROKER.bootstrapServers(), "--state-dir",
                dir.resolve("state").toString(), "--quiet"};
        Files.createDirectories(CONSOLES);

        String during;
        List<Incident> committedBefore;
        try (LauncherProcess run = LauncherProcess.start(CONSOLES.resolve("outage.log"), Map.of(), command)) {
            run.awaitConsole("state: started fresh", Duration.ofSeconds(60));
            WaitUntil.until("a complete checkpoint", Duration.ofSeconds(60),
                    () -> LauncherRestartITCase.completeCheckpoints(dir.resolve("state")), found -> !found.isEmpty());
            KafkaJobRuns.produce(BROKER, topics, parts.get(1));
            BROKER.read(topics.incidents(), "read_uncommitted", Duration.ofSeconds(90), r -> !r.isEmpty());
            // the job has read all its input: what it had not read yet could be late for its windows after an outage
            // longer than the sources' idleness (docs/reliability.md#outages-kafka-brokers-prometheus-alertmanager)
            WaitUntil.until("the job's offsets at the end of its input", Duration.ofSeconds(60),
                    () -> caughtUp(group, topics), done -> done);
            committedBefore = KafkaJobRuns.incidents(BROKER.readCommittedToEnd(topics.incidents(),
                    Duration.ofSeconds(30)));
            int before = lines(run.console());
            BROKER.stop();
            Thread.sleep(OUTAGE.toMillis());
            BROKER.restart();
            long restarted = System.nanoTime();
            WaitUntil.until("the job's line that the brokers are back", RECOVERY, run::console,
                    console -> console.contains("Kafka brokers reachable again"));
            Thread.sleep(SETTLE.toMillis()); // what a restart after the outage may print
            during = run.console().lines().skip(before).reduce("", (a, b) -> a + b + "\n");
            System.out.printf("broker outage test: the job said the brokers were back %.1f s after they were%n",
                    (System.nanoTime() - restarted) / 1e9 - SETTLE.toSeconds());
            run.kill();
        }
        // the rest of the input while the launcher is down, so that every topic has it when it resumes (input
        // arriving while it runs may be late for the canary's per-partition watermarks, in any run)
        KafkaJobRuns.produce(BROKER, topics, parts.get(2));
        try (LauncherProcess resumed = LauncherProcess.start(CONSOLES.resolve("resumed.log"), Map.of(), command)) {
            resumed.awaitConsole("state: resumed from checkpoint", Duration.ofSeconds(60));
            BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(120), r -> r.size() >= expected.size());
            resumed.stop();
        }
        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(60)));
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(KafkaJobRuns.episodes(expected));
        assertThat(incidents).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(committedBefore).as("committed before the outage").isNotEmpty();
        assertThat(incidents).containsAll(committedBefore);
        int printed = lines(during);
        System.out.printf("broker outage test: %d s without the broker, %d console lines:%n%s", OUTAGE.toSeconds(),
                printed, during);
        assertThat(printed).as("console lines during and right after the outage:\n" + during)
                .isLessThanOrEqualTo(MAX_LINES);
        assertThat(during).containsOnlyOnce("Kafka brokers unreachable").containsOnlyOnce(
                "Kafka brokers reachable again");
    }

    /** Whether the consumer group committed (on a checkpoint) the end offset of every input partition. */
    private static boolean caughtUp(String group, KafkaConfig.KafkaTopicsConfig topics) throws Exception {
        try (Admin admin = Admin.create(BROKER.clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(topics.serviceCalls().get(0), topics.clientErrors().get(0))) {
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .size();
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            return admin.listOffsets(latest).all().get().entrySet().stream().allMatch(end ->
                    committed.get(end.getKey()) != null
                            && committed.get(end.getKey()).offset() >= end.getValue().offset());
        }
    }

    private static int lines(String text) {
        return (int) text.lines().count();
    }
}
