package io.incidentdetector.kafka;

import io.incidentdetector.config.DeliveryGuarantee;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.connectors.kafka.DeadLetterSerializer;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.testing.TestMiniCluster;
import io.incidentdetector.plan.StartupChecks;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo scenario through a real broker: produced into Kafka, read by the job on a MiniCluster at parallelism 2
 * with checkpointing, incidents read back with read_committed. They must be the file-based run's incidents.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaEndToEndITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("transaction.max.timeout.ms", "300000"));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    private static Map<String, List<String>> fileRunEpisodes;
    private static List<Incident> fileRunIncidents;

    @BeforeAll
    static void fileRun(@TempDir Path dir) throws Exception {
        fileRunIncidents = KafkaJobRuns.fileRun("demo", dir);
        fileRunEpisodes = KafkaJobRuns.episodes(fileRunIncidents);
    }

    @Test
    void demoThroughKafkaGivesTheFileRunsIncidents() throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("e2e-", true);
        KafkaJobRuns.createTopics(BROKER, topics, 3);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "e2e", true, topics, Map.of(), Map.of()));
        KafkaJobRuns.produceScenario(BROKER, loaded);

        KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("demo", BROKER));

        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(5), r -> r.size() >= fileRunIncidents.size()));
        assertThat(fileRunIncidents).extracting(Incident::kind).contains(IncidentKind.LATENCY, IncidentKind.ERROR_RATE);
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(fileRunEpisodes);
        assertThat(incidents).hasSameSizeAs(fileRunIncidents);
        // records carry the incident's event time, not the time they were written
        List<ConsumerRecord<byte[], byte[]>> raw = BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(2),
                r -> r.size() >= incidents.size());
        assertThat(raw.get(0).timestamp()).isEqualTo(incidents.get(0).updatedAt().toEpochMilli());
        // optional outputs: every window verdict, keyed by pair; canary alerts
        assertThat(BROKER.readCommitted(topics.verdicts(), Duration.ofSeconds(3), r -> r.size() >= 1500))
                .hasSize(5 * 50 * 6).allSatisfy(r -> assertThat(KafkaBroker.text(r.key())).contains("->"));
        assertThat(BROKER.readCommitted(topics.alerts(), Duration.ofSeconds(3), r -> !r.isEmpty())).isNotEmpty();
        assertThat(BROKER.endOffsets(topics.deadLetters())).as("records in the dead-letter topic").isZero();
    }

    @Test
    void oneTopicCarryingBothKindsGivesTheSameIncidents() throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(List.of("mixed-events"),
                List.of("mixed-events"), "mixed-incidents", "mixed-alerts", "mixed-dead", null, null, null, null, null);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "mixed", true, topics, Map.of(), Map.of()));
        KafkaJobRuns.produceMerged(BROKER, loaded, "mixed-events");

        KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("demo", BROKER));

        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(5), r -> r.size() >= fileRunIncidents.size()));
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(fileRunEpisodes);
        assertThat(BROKER.endOffsets(topics.deadLetters())).as("records in the dead-letter topic").isZero();
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicAndChangeNoIncident() throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("salted-", false);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "salted", true, topics, Map.of(), Map.of()));
        List<byte[]> callSalt = java.util.Arrays.asList(
                utf8("not json at all"),
                utf8("{\"timestamp\":\"2026-01-01T00:05:00Z\",\"source\":\"frontend\",\"latencyMs\":5}"),
                utf8("{\"timestamp\":\"2026-01-01T00:05:00Z\",\"source\":\"frontend\",\"destination\":\"cartservice\","
                        + "\"latencyMs\":\"fast\"}"),
                utf8("{\"timestamp\":\"2026-01-01T00:05:00Z\",\"source\":\"frontend\",\"destination\":\"cartservice\","
                        + "\"latencyMs\":-3}"),
                utf8("{\"timestamp\":\"2026-01-01T00:05:00Z\",\"source\":\"frontend\",\"destination\":\"cartservice\","
                        + "\"latencyMs\":NaN}"),
                new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'},
                null);
        List<byte[]> errorSalt = List.of(
                utf8("{\"type\":\"service-call\",\"timestamp\":\"2026-01-01T00:05:00Z\",\"build\":\"x\",\"code\":1}"),
                utf8("{\"timestamp\":\"2026-01-01T00:05:00Z\",\"build\":\"5.0007.610.011\",\"code\":1.5}"));
        BROKER.produceRaw(topics.serviceCalls().get(0), 1, callSalt);
        BROKER.produceRaw(topics.clientErrors().get(0), 0, errorSalt);
        KafkaJobRuns.produceScenario(BROKER, loaded);

        var result = KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("demo", BROKER));
        assertThat(result.<Long>getAccumulatorResult("dead-letters")).isEqualTo((long) (callSalt.size() + errorSalt.size()));

        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(5), r -> r.size() >= fileRunIncidents.size()));
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(fileRunEpisodes);

        List<ConsumerRecord<byte[], byte[]>> dead = BROKER.readCommitted(topics.deadLetters(), Duration.ofSeconds(5),
                r -> r.size() >= callSalt.size() + errorSalt.size());
        assertThat(dead).hasSize(callSalt.size() + errorSalt.size());
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String origin = header(r, DeadLetterSerializer.ORIGIN);
            int partition = Integer.parseInt(header(r, DeadLetterSerializer.PARTITION));
            int offset = Integer.parseInt(header(r, DeadLetterSerializer.POSITION));
            List<byte[]> salt = origin.equals(topics.serviceCalls().get(0)) ? callSalt : errorSalt;
            assertThat(partition).isEqualTo(origin.equals(topics.serviceCalls().get(0)) ? 1 : 0);
            // salt went in first, so its offsets are 0..n-1; the value is the original bytes, unchanged
            assertThat(r.value()).isEqualTo(salt.get(offset));
            assertThat(KafkaBroker.text(r.key())).isEqualTo(origin + "/" + partition + "/" + offset);
            reasons.add(header(r, DeadLetterSerializer.REASON));
        }
        assertThat(reasons).anySatisfy(m -> assertThat(m).contains("not JSON"))
                .anySatisfy(m -> assertThat(m).contains("missing field 'destination'"))
                .anySatisfy(m -> assertThat(m).contains("'latencyMs' must be a number"))
                .anySatisfy(m -> assertThat(m).contains("'latencyMs' must be a finite number >= 0"))
                .anySatisfy(m -> assertThat(m).contains("not UTF-8"))
                .anySatisfy(m -> assertThat(m).contains("value is null"))
                .anySatisfy(m -> assertThat(m).contains("this topic carries \"client-error\" only"))
                .anySatisfy(m -> assertThat(m).contains("'code' must be an integer"));
    }

    /**
     * Unbounded, as in production: one of three partitions never receives a valid record (only two bad ones).
     * Idleness lets the watermark pass it, so the single-delay incident opens and resolves. The incidents topic is compacted: whatever the
     * cleaner has removed, the last record of each incident is its latest state.
     */
    @Test
    void anIdlePartitionDoesNotStallIncidents() throws Exception {
        KafkaConfig.KafkaTopicsConfig base = KafkaJobRuns.topics("idle-", false);
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(base.serviceCalls(), List.of(),
                base.incidents(), base.alerts(), base.deadLetters(), null, null, null, null, null);
        KafkaJobRuns.createTopics(BROKER, topics, 3, Map.of("cleanup.policy", "compact"));
        LoadedConfig loaded = KafkaJobRuns.config("single-delay", BROKER,
                k -> KafkaJobRuns.kafka(k, "idle", false, topics, Map.of(), Map.of()),
                c -> c.withLatency(c.latency().withIdleness(Duration.ofSeconds(1))));
        List<String[]> calls = new ArrayList<>();
        var records = io.incidentdetector.scenario.ScenarioEvents.of("single-delay", loaded.config().scenario());
        while (records.hasNext()) {
            var r = records.next();
            calls.add(new String[] {r.key(), r.json()});
        }
        // every pair's records into partitions 0 and 1; partition 2 stays empty
        Map<Integer, List<byte[]>> byPartition = new java.util.TreeMap<>();
        for (String[] kv : calls) {
            byPartition.computeIfAbsent(Math.floorMod(kv[0].hashCode(), 2), p -> new ArrayList<>())
                    .add(kv[1].getBytes(StandardCharsets.UTF_8));
        }
        byPartition.forEach((partition, values) -> BROKER.produceRaw(topics.serviceCalls().get(0), partition, values));
        assertThat(byPartition).containsOnlyKeys(0, 1);
        // the third partition gets only bad records, all the time: they have no event time, so it must still count
        // as idle and not hold the watermark back
        java.util.concurrent.ScheduledExecutorService badProducer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        badProducer.scheduleWithFixedDelay(() -> BROKER.produceRaw(topics.serviceCalls().get(0), 2,
                List.of("not json".getBytes(StandardCharsets.UTF_8))), 0, 300, TimeUnit.MILLISECONDS);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaJobRuns.define(env, KafkaJobRuns.plan(loaded, BROKER));
        JobClient job = env.executeAsync("idle partition");
        try {
            List<Incident> incidents = KafkaJobRuns.incidents(BROKER.readCommitted(topics.incidents(),
                    Duration.ofSeconds(120), r -> KafkaJobRuns.incidents(r).stream()
                            .anyMatch(i -> i.status() == IncidentStatus.RESOLVED)));
            assertThat(incidents).isNotEmpty();
            Incident last = incidents.get(incidents.size() - 1);
            assertThat(last.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(last.subjects()).containsExactly(ScenarioCatalog.FRONTEND_CART);
            assertThat(incidents).extracting(Incident::id).containsOnly(last.id());
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            badProducer.shutdownNow();
            job.cancel().get();
        }
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersLimitFailsAtStartNamingTheKey() throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("limit-", false);
        KafkaJobRuns.createTopics(BROKER, topics, 1);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER, k -> {
            KafkaConfig base = KafkaJobRuns.kafka(k, "limit", true, topics, Map.of(), Map.of());
            return new KafkaConfig(true, base.bootstrapServers(), base.groupId(), base.startingOffsets(), true,
                    topics, DeliveryGuarantee.EXACTLY_ONCE, "limit", Duration.ofMinutes(10), Duration.ofSeconds(10),
                    Map.of(), Map.of(), null);
        });
        assertThatThrownBy(() -> StartupChecks.run(KafkaJobRuns.plan(loaded, BROKER)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.transaction-timeout (PT10M) is longer than the brokers'"
                        + " transaction.max.timeout.ms (PT5M)");
    }

    @Test
    void aMissingTopicFailsAtStartNamingTheKey() {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("missing-", false);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "missing", true, topics, Map.of(), Map.of()));
        assertThatThrownBy(() -> StartupChecks.run(KafkaJobRuns.plan(loaded, BROKER)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.topics.service-calls: topic 'missing-calls' does not exist")
                .hasMessageContaining("kafka.topics.incidents: topic 'missing-incidents' does not exist");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
