package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.connectors.kafka.DeadLetterSerializer;
import io.incidentdetector.control.ControlAudit;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first case on a real broker, in a bounded run: among the calls of the single-delay scenario, a 600 KB
 * call whose {@code latencyMs} is a string (its dead letter, the record plus a reason quoting the value, was 1.2 MB:
 * the producer refused it, the job failed, restarted onto the same record and failed again) and a near-1-MB call whose
 * {@code status} is a string; on the control topic, 300 KB of control characters (its audit record, JSON-escaped,
 * was 1.8 MB). The job finishes; the dead-letter topic holds both calls cut at {@code dead-letters.max-payload}, with
 * the size and SHA-256 of the whole in headers; the audit holds the control record cut the same way; the incidents
 * are those of the run without them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeadLettersITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("transaction.max.timeout.ms", "300000"));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    private static final int MAX_PAYLOAD = 64 * 1024;

    private static Map<String, List<String>> withoutBadRecords;

    @BeforeAll
    static void fileRun(@TempDir Path dir) throws Exception {
        withoutBadRecords = KafkaJobRuns.episodes(KafkaJobRuns.fileRun("single-delay", dir));
    }

    @Test
    void oversizedBadRecordsAreDeadLetteredCutAndTheIncidentsStayTheSame() throws Exception {
        KafkaConfig.KafkaTopicsConfig base = KafkaJobRuns.topics("big-", false);
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(base.serviceCalls(), List.of(),
                base.incidents(), base.alerts(), base.deadLetters(), null, null, null, "big-control", null);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        BROKER.createTopic("big-control", 1, Map.of());
        BROKER.createTopic("big-control-audit", 1, Map.of());
        LoadedConfig loaded = KafkaJobRuns.config("single-delay", BROKER,
                k -> KafkaJobRuns.kafka(k, "big", true, topics, Map.of(), Map.of()), KafkaJobRuns::unsignedCommands);

        byte[] latencyAsText = utf8("{\"timestamp\":\"2026-01-01T00:05:00Z\",\"source\":\"frontend\","
                + "\"destination\":\"cartservice\",\"latencyMs\":\"" + "a".repeat(600_000) + "\"}");
        byte[] nearOneMegabyte = utf8("{\"timestamp\":\"2026-01-01T00:06:00Z\",\"source\":\"frontend\","
                + "\"destination\":\"cartservice\",\"latencyMs\":5,\"status\":\"" + "s".repeat(999_000) + "\"}");
        byte[] controlCharacters = new byte[300_000];
        Arrays.fill(controlCharacters, (byte) 1);
        // the bad records sit among the good ones: half the scenario before them, half after
        List<String[]> calls = new ArrayList<>();
        Iterator<ScenarioEvents.Record> records = ScenarioEvents.of("single-delay", loaded.config().scenario());
        records.forEachRemaining(r -> calls.add(new String[] {r.key(), r.json()}));
        String callsTopic = topics.serviceCalls().get(0);
        BROKER.produce(callsTopic, calls.subList(0, calls.size() / 2));
        BROKER.produceRaw(callsTopic, 0, List.of(latencyAsText));
        BROKER.produceRaw(callsTopic, 1, List.of(nearOneMegabyte));
        BROKER.produceRaw("big-control", 0, List.of(controlCharacters));
        BROKER.produce(callsTopic, calls.subList(calls.size() / 2, calls.size()));

        JobExecutionResult result = KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("single-delay", BROKER));

        assertThat(result.<Long>getAccumulatorResult("dead-letters")).isEqualTo(2L);
        List<Incident> incidents = KafkaJobRuns.incidents(BROKER.readCommittedToEnd(topics.incidents(),
                Duration.ofSeconds(10)));
        assertThat(KafkaJobRuns.episodes(incidents)).isNotEmpty().isEqualTo(withoutBadRecords);

        List<ConsumerRecord<byte[], byte[]>> dead = BROKER.readCommittedToEnd(topics.deadLetters(),
                Duration.ofSeconds(10));
        assertThat(dead).hasSize(2);
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            byte[] original = header(r, DeadLetterSerializer.PARTITION).equals("0") ? latencyAsText : nearOneMegabyte;
            assertThat(r.value()).isEqualTo(Arrays.copyOf(original, MAX_PAYLOAD));
            assertThat(header(r, DeadLetterSerializer.ORIGINAL_SIZE)).isEqualTo(Integer.toString(original.length));
            assertThat(header(r, DeadLetterSerializer.ORIGINAL_SHA256)).isEqualTo(DeadLetterBounds.sha256(original));
            assertThat(header(r, DeadLetterSerializer.TRUNCATED)).isEqualTo("true");
            assertThat(header(r, DeadLetterSerializer.REASON)).hasSizeLessThan(300);
            assertThat(r.serializedValueSize() + r.serializedKeySize()).isLessThan(MAX_PAYLOAD + 1_000);
        }
        assertThat(dead).extracting(r -> header(r, DeadLetterSerializer.REASON)).containsExactlyInAnyOrder(
                "'latencyMs' must be a number, got \"" + "a".repeat(100) + "…\" (600,000 chars)",
                "'status' must be an integer, got \"" + "s".repeat(100) + "…\" (999,000 chars)");

        List<ConsumerRecord<byte[], byte[]>> audit = BROKER.readCommittedToEnd("big-control-audit",
                Duration.ofSeconds(10));
        assertThat(audit).hasSize(1);
        ControlAudit unreadable = JsonCodec.mapper().readValue(audit.get(0).value(), ControlAudit.class);
        assertThat(unreadable.outcome()).isEqualTo(ControlAudit.REJECTED);
        assertThat(unreadable.text()).hasSize(MAX_PAYLOAD);
        assertThat(unreadable.originalSize()).isEqualTo(300_000L);
        assertThat(unreadable.sha256()).isEqualTo(DeadLetterBounds.sha256(controlCharacters));
        assertThat(unreadable.truncated()).isTrue();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
