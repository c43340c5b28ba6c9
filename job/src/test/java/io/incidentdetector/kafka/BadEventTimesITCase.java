package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.connectors.kafka.DeadLetterSerializer;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event times that one record must not be able to move, on a real broker: records stamped far ahead, far behind or a
 * day ahead of their partition are dead letters with the reason, and the incidents are those of a run without them
 * (the same ids: opened at the same event time). The data are of 2026-01-01, a replay behind the wall clock.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BadEventTimesITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("transaction.max.timeout.ms", "300000"));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** The case: one event stamped 2090 on each of three partitions, then the single-delay scenario. */
    @Test
    void oneEventStampedIn2090OnEachPartitionBlindsNothing() throws Exception {
        List<Incident> reference = run("clean-", "single-delay", 3,
                loaded -> KafkaJobRuns.produceScenario(BROKER, loaded));
        List<String> badOnes = new ArrayList<>();
        List<Incident> incidents = run("y2090-", "single-delay", 3, loaded -> {
            String topic = loaded.config().kafka().topics().serviceCalls().get(0);
            for (int partition = 0; partition < 3; partition++) {
                String bad = call("2090-01-01T00:00:00Z");
                badOnes.add(bad);
                BROKER.produceRaw(topic, partition, List.of(utf8(bad)));
            }
            KafkaJobRuns.produceScenario(BROKER, loaded);
        });

        assertThat(reference).extracting(Incident::kind).contains(IncidentKind.LATENCY);
        assertThat(KafkaJobRuns.timeline(incidents)).isEqualTo(KafkaJobRuns.timeline(reference));
        List<ConsumerRecord<byte[], byte[]>> dead = BROKER.readCommittedToEnd("y2090-dead", Duration.ofSeconds(30));
        assertThat(dead).hasSize(3).allSatisfy(r -> {
            assertThat(badOnes).contains(KafkaBroker.text(r.value()));
            assertThat(header(r, DeadLetterSerializer.REASON)).startsWith("event time 2090-01-01T00:00:00Z is ahead"
                    + " of the wall clock");
        });
    }

    /**
     * The demo, with events at 2090, at 1970 and a day ahead of their partition on every partition of both topics,
     * five minutes into the data (before the faults at 10:00 and 16:00 and the canary regression).
     */
    @Test
    void eventsAt2090In1970AndADayAheadBeforeTheFaultsChangeNoIncident(@TempDir Path dir) throws Exception {
        List<Incident> reference = KafkaJobRuns.fileRun("demo", dir);
        List<String> badOnes = new ArrayList<>();
        List<Incident> incidents = run("salted-times-", "demo", 2, loaded -> {
            long fiveMinutesIn = T0.plusSeconds(300).toEpochMilli();
            String dayAhead = T0.plusSeconds(300).plus(Duration.ofDays(1)).toString();
            List<String> calls = List.of(call("2090-01-01T00:00:00Z"), call("1970-01-01T00:00:00Z"), call(dayAhead));
            List<String> errors = List.of(error("2090-01-01T00:00:00Z"), error("1970-01-01T00:00:00Z"),
                    error(dayAhead));
            KafkaConfig.KafkaTopicsConfig topics = loaded.config().kafka().topics();
            Map<String, Map<Integer, List<byte[]>>> byTopic = new TreeMap<>();
            java.util.Set<String> salted = new java.util.HashSet<>();
            Iterator<ScenarioEvents.Record> records = ScenarioEvents.of("demo", loaded.config().scenario());
            while (records.hasNext()) {
                ScenarioEvents.Record r = records.next();
                boolean isCall = r.type().equals("service-call");
                String topic = isCall ? topics.serviceCalls().get(0) : topics.clientErrors().get(0);
                int p = Math.floorMod(r.key().hashCode(), 2);
                List<byte[]> partition = byTopic.computeIfAbsent(topic, t -> new TreeMap<>())
                        .computeIfAbsent(p, x -> new ArrayList<>());
                // once per partition, after its first records (so that it has progress), before the faults
                if (r.timestamp() >= fiveMinutesIn && !partition.isEmpty() && salted.add(topic + "/" + p)) {
                    for (String bad : isCall ? calls : errors) {
                        partition.add(utf8(bad));
                        badOnes.add(bad);
                    }
                }
                partition.add(utf8(r.json()));
            }
            byTopic.forEach((topic, partitions) -> partitions.forEach((p, values) -> BROKER.produceRaw(topic, p,
                    values)));
        });

        assertThat(badOnes).as("three on each partition of both topics").hasSize(12);
        assertThat(reference).extracting(Incident::kind).contains(IncidentKind.LATENCY, IncidentKind.ERROR_RATE);
        assertThat(KafkaJobRuns.timeline(incidents)).isEqualTo(KafkaJobRuns.timeline(reference));
        List<ConsumerRecord<byte[], byte[]>> dead = BROKER.readCommittedToEnd("salted-times-dead",
                Duration.ofSeconds(30));
        assertThat(dead).hasSize(12);
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String value = KafkaBroker.text(r.value());
            String reason = header(r, DeadLetterSerializer.REASON);
            assertThat(badOnes).contains(value);
            if (value.contains("2090")) {
                assertThat(reason).startsWith("event time 2090-01-01T00:00:00Z is ahead of the wall clock");
            } else if (value.contains("1970")) {
                assertThat(reason).contains("1970-01-01T00:00:00Z").contains("outside the plausible range");
            } else {
                assertThat(reason).startsWith("event time 2026-01-02T00:05:00Z is ahead of its source's progress");
            }
        }
    }

    @FunctionalInterface
    private interface Producing {
        void into(LoadedConfig loaded) throws Exception;
    }

    /** A bounded run of {@code scenario} on topics named {@code prefix...}, input topics of {@code partitions}. */
    private static List<Incident> run(String prefix, String scenario, int partitions, Producing produce)
            throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics(prefix, false);
        KafkaJobRuns.createTopics(BROKER, topics, partitions);
        LoadedConfig loaded = KafkaJobRuns.config(scenario, BROKER,
                k -> KafkaJobRuns.kafka(k, prefix + "job", true, topics, Map.of(), Map.of()));
        produce.into(loaded);
        KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options(scenario, BROKER));
        return KafkaJobRuns.incidents(BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(30)));
    }


    private static String call(String timestamp) {
        return "{\"timestamp\":\"" + timestamp + "\",\"source\":\"frontend\",\"destination\":\"cartservice\","
                + "\"latencyMs\":5,\"status\":200}";
    }

    private static String error(String timestamp) {
        return "{\"timestamp\":\"" + timestamp + "\",\"build\":\"5.0007.610.011\",\"code\":4}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
