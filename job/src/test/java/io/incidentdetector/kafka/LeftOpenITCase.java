package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.LeftOpen;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.sink.alertmanager.AlertmanagerServer;
import io.incidentdetector.testing.LauncherProcess;
import io.incidentdetector.testing.WaitUntil;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start without state resolves the incidents a previous run left open, once, through the job's own outputs, on a
 * real broker and a real Alertmanager: a run opens an incident and is killed; a {@code --fresh} start killed before
 * its first checkpoint leaves nothing behind; the next {@code --fresh} start resolves the incident with the stated
 * reason, and Alertmanager no longer lists its alert; a start that resumes from that run's checkpoint resolves
 * nothing again.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LeftOpenITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    @Test
    void aFreshStartResolvesWhatTheKilledRunLeftOpenOnceAndAResumedStartDoesNot(@TempDir Path dir) throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaConfig.KafkaTopicsConfig.defaults();
        KafkaJobRuns.createTopics(BROKER, topics, 3);
        ScenarioConfig scenario = KafkaJobRuns.config("demo", BROKER, k -> k).config().scenario();
        // the latency incident opens at 00:12 and resolves at 00:27: the first 15 minutes leave it open
        List<List<ScenarioEvents.Record>> parts = KafkaJobRuns.split(scenario, Duration.ofMinutes(15));
        KafkaJobRuns.produce(BROKER, topics, parts.get(0));
        Path state = dir.resolve("state");
        Path logs = Files.createDirectories(Path.of("target", "left-open-itcase")); // kept for a look after a failure
        List<Incident> leftOpen;
        try (AlertmanagerServer alertmanager = AlertmanagerServer.in(Files.createDirectories(dir.resolve("am")))) {
            alertmanager.start();
            String[] run = {"--kafka", "--bootstrap-servers", BROKER.bootstrapServers(), "--quiet", "--state-dir",
                    state.toString(), "--alertmanager", alertmanager.url()};
            String[] fresh = with(run, "--fresh");

            try (LauncherProcess first = LauncherProcess.start(logs.resolve("first.log"), Map.of(), run)) {
                first.awaitConsole("state: started fresh", Duration.ofSeconds(60));
                leftOpen = WaitUntil.until("an open incident, committed", Duration.ofSeconds(90), LeftOpenITCase::open,
                        found -> !found.isEmpty());
                for (Incident incident : leftOpen) {
                    WaitUntil.until("the alert of " + incident.id(), Duration.ofSeconds(30),
                            () -> alertmanager.alertsOf(incident.id()), alerts -> !alerts.isEmpty());
                }
                // the killed run has read its input: the next start goes on after it, with nothing to judge again
                WaitUntil.until("the input offsets, committed", Duration.ofSeconds(60), () -> inputRead(topics),
                        read -> read);
                first.kill();
            }
            String line = "left open: " + leftOpen.size() + " incident(s) a previous run left open are resolved";

            // killed before its first checkpoint: its resolutions stay in a transaction that is never committed
            try (LauncherProcess killed = LauncherProcess.start(logs.resolve("killed.log"), Map.of(), fresh)) {
                killed.awaitConsole(line, Duration.ofSeconds(60));
                killed.kill();
            }
            assertThat(resolutions(leftOpen)).as("nothing committed by the killed start").isEmpty();

            try (LauncherProcess second = LauncherProcess.start(logs.resolve("second.log"), Map.of(), fresh)) {
                Duration printed = second.awaitConsole(line, Duration.ofSeconds(60));
                WaitUntil.until("the resolutions, committed", Duration.ofSeconds(60), () -> resolutions(leftOpen),
                        found -> found.size() >= leftOpen.size());
                Duration committed = second.elapsed();
                assertThat(open()).as("nothing left open").isEmpty();
                for (Incident incident : leftOpen) {
                    WaitUntil.until("no active alert of " + incident.id(), Duration.ofSeconds(30),
                            () -> alertmanager.alertsOf(incident.id()), List::isEmpty);
                }
                System.out.printf("left-open test: %d incident(s) left open; fresh start listed them %.1f s after"
                        + " launch, resolutions committed at %.1f s, alerts resolved at %.1f s%n", leftOpen.size(),
                        printed.toMillis() / 1000.0, committed.toMillis() / 1000.0,
                        second.elapsed().toMillis() / 1000.0);
                second.stop();
            }
            assertThat(alertmanager.received("resolved")).isGreaterThanOrEqualTo(leftOpen.size());

            List<Path> before = LauncherRestartITCase.completeCheckpoints(state.resolve("checkpoints"));
            try (LauncherProcess resumed = LauncherProcess.start(logs.resolve("resumed.log"), Map.of(), run)) {
                resumed.awaitConsole("state: resumed from checkpoint", Duration.ofSeconds(60));
                WaitUntil.until("a checkpoint of the resumed run", Duration.ofSeconds(60),
                        () -> LauncherRestartITCase.completeCheckpoints(state.resolve("checkpoints")),
                        now -> !now.isEmpty() && !before.contains(now.get(now.size() - 1)));
                assertThat(resumed.console()).doesNotContain("left open");
                resumed.kill();
            }
        }
        assertThat(resolutions(leftOpen)).extracting(Incident::id).as("each resolved exactly once")
                .containsExactlyInAnyOrderElementsOf(leftOpen.stream().map(Incident::id).toList());
    }

    /** Whether the job's consumer group has committed the end offsets of every input topic. */
    private static boolean inputRead(KafkaConfig.KafkaTopicsConfig topics) throws Exception {
        try (Admin admin = Admin.create(BROKER.clientProperties())) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("incident-detector")
                    .partitionsToOffsetAndMetadata().get();
            for (String topic : List.of(topics.serviceCalls().get(0), topics.clientErrors().get(0))) {
                long read = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                        .mapToLong(e -> e.getValue().offset()).sum();
                if (read < BROKER.endOffsets(topic)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The incidents whose latest committed record is not a resolution. */
    private static List<Incident> open() {
        return LeftOpen.open(KafkaJobRuns.incidents(BROKER.readCommittedToEnd("incidents", Duration.ofSeconds(30)))
                .stream().<Map.Entry<String, Incident>>map(i -> new AbstractMap.SimpleEntry<>(i.id(), i)).toList());
    }

    /** The committed records that resolve one of {@code incidents} for want of state. */
    private static List<Incident> resolutions(List<Incident> incidents) {
        List<String> ids = incidents.stream().map(Incident::id).toList();
        return KafkaJobRuns.incidents(BROKER.readCommittedToEnd("incidents", Duration.ofSeconds(30))).stream()
                .filter(i -> ids.contains(i.id()) && i.status() == IncidentStatus.RESOLVED
                        && LeftOpen.REASON.equals(i.summary()))
                .toList();
    }

    private static String[] with(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
