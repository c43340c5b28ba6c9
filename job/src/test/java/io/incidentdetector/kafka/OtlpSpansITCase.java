package io.incidentdetector.kafka;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.source.otlp.OtlpTestMessages;
import io.incidentdetector.testing.TestMiniCluster;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demo's service calls as the OpenTelemetry Collector's Kafka exporter would write them: CLIENT spans recorded
 * by the OpenTelemetry Java SDK, one message per second of spans, protobuf and OTLP/JSON messages mixed on one
 * topic, on a real broker. The latency incidents must be those of the demo read from JSON-lines files.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OtlpSpansITCase {

    private static final String TOPIC = "otlp_spans";

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("transaction.max.timeout.ms", "300000"));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    /** The outputs' topics named {@code prefix...} and the spans' topic of three partitions, created. */
    private static KafkaConfig.KafkaTopicsConfig otlpTopics(String prefix, String spans) throws Exception {
        return KafkaJobRuns.otlpTopics(BROKER, prefix, spans);
    }

    private static List<Incident> latencyIncidentsOfTheFileRun(Path dir) throws Exception {
        return KafkaJobRuns.fileRun("demo", dir).stream().filter(i -> i.kind() == IncidentKind.LATENCY).toList();
    }

    @Test
    void demoSpansFromTheCollectorsTopicGiveTheFileRunsLatencyIncidents(@TempDir Path dir) throws Exception {
        List<Incident> fileRun = latencyIncidentsOfTheFileRun(dir);
        KafkaConfig.KafkaTopicsConfig topics = otlpTopics("otlp-", TOPIC);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "otlp", true, topics, Map.of(), Map.of()));

        Map<Integer, List<byte[]>> byPartition = new TreeMap<>();
        int messages = demoAsSpans(loaded, byPartition);
        byPartition.forEach((partition, values) -> BROKER.produceRaw(TOPIC, partition, values));
        // not OTLP at all, and a message whose one span ends before it starts: two dead letters
        BROKER.produceRaw(TOPIC, 0, List.of("{\"resourceSpans\":[{\"scopeSpans\":{}}]}".getBytes(StandardCharsets.UTF_8)));
        try (OtlpTestMessages sdk = new OtlpTestMessages()) {
            long t = 1_767_225_900_000_000_000L;
            sdk.span("frontend", SpanKind.CLIENT, t, t - 1, b -> b.setAttribute("peer.service", "cartservice"));
            BROKER.produceRaw(TOPIC, 1, List.of(OtlpTestMessages.proto(sdk.drain())));
        }

        JobExecutionResult result = KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("demo", BROKER));

        List<Incident> incidents = KafkaJobRuns.incidents(BROKER.readCommitted(topics.incidents(),
                java.time.Duration.ofSeconds(5), r -> r.size() >= fileRun.size()));
        assertThat(messages).isGreaterThan(2_000);
        assertThat(fileRun).isNotEmpty();
        assertThat(KafkaJobRuns.episodes(incidents)).isEqualTo(KafkaJobRuns.episodes(fileRun));
        List<String> reasons = BROKER.readCommitted(topics.deadLetters(), java.time.Duration.ofSeconds(5),
                r -> r.size() >= 2).stream().map(r -> KafkaBroker.text(r.headers()
                        .lastHeader(io.incidentdetector.connectors.kafka.DeadLetterSerializer.REASON).value())).toList();
        assertThat(reasons).satisfiesExactlyInAnyOrder(
                reason -> assertThat(reason).isEqualTo("resourceSpans[0].scopeSpans must be an array, got object {}"),
                reason -> assertThat(reason).startsWith("1 of 1 spans could not be read as service calls")
                        .endsWith("it ends before it starts"));
        assertThat(result.<Long>getAccumulatorResult("dead-letters")).isEqualTo(2L);
    }

    @Test
    void anOtlpTopicThatIsAlsoAJsonInputIsRefusedAtStart() {
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(List.of("calls"), List.of(),
                "i", "a", "d", null, null, List.of("calls"), null, null);
        assertThatThrownBy(() -> KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "otlp", true, topics, Map.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.topics.otlp-spans 'calls' is also in kafka.topics.service-calls");
    }

    /**
     * Spans stamped in 2090, in 1970 and a day ahead of their partition, each its own message, on every partition
     * five minutes into the demo (before its faults at 10:00 and 16:00): each message is one dead letter with the
     * reason, and the latency incidents are those of the file run (the same ids: opened at the same time).
     */
    @Test
    void spansAt2090In1970AndADayAheadBeforeTheFaultsChangeNoIncident(@TempDir Path dir) throws Exception {
        List<Incident> fileRun = latencyIncidentsOfTheFileRun(dir);
        KafkaConfig.KafkaTopicsConfig topics = otlpTopics("otlp-times-", "otlp_times");
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "otlp-times", true, topics, Map.of(), Map.of()));
        Map<Integer, List<byte[]>> byPartition = new TreeMap<>();
        demoAsSpans(loaded, byPartition);
        long fiveMinutesIn = 1_767_225_900_000_000_000L;
        long[] badEnds = {3_786_912_000_000_000_000L, 1_000_000_000L, fiveMinutesIn + 86_400_000_000_000L};
        try (OtlpTestMessages sdk = new OtlpTestMessages()) {
            for (List<byte[]> partition : byPartition.values()) {
                List<byte[]> bad = new ArrayList<>();
                for (long end : badEnds) {
                    sdk.span("frontend", SpanKind.CLIENT, end - 5_000_000, end,
                            b -> b.setAttribute("peer.service", "cartservice"));
                    bad.add(OtlpTestMessages.proto(sdk.drain()));
                }
                // one message a second, round robin over three partitions: message 100 is about five minutes in
                partition.addAll(100, bad);
            }
        }
        byPartition.forEach((partition, values) -> BROKER.produceRaw("otlp_times", partition, values));

        KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("demo", BROKER));

        List<Incident> incidents = KafkaJobRuns.incidents(BROKER.readCommittedToEnd(topics.incidents(),
                java.time.Duration.ofSeconds(30)));
        assertThat(fileRun).isNotEmpty();
        assertThat(KafkaJobRuns.timeline(incidents)).isEqualTo(KafkaJobRuns.timeline(fileRun));
        List<String> reasons = BROKER.readCommittedToEnd(topics.deadLetters(), java.time.Duration.ofSeconds(30))
                .stream().map(r -> KafkaBroker.text(r.headers().lastHeader(
                        io.incidentdetector.connectors.kafka.DeadLetterSerializer.REASON).value())).toList();
        assertThat(reasons).hasSize(9).allSatisfy(reason -> assertThat(reason)
                .startsWith("1 of 1 spans could not be read as service calls (the other 0 were): span "));
        assertThat(reasons).filteredOn(r -> r.contains("event time 2090-01-01T00:00:00Z is ahead of the wall clock"))
                .hasSize(3);
        assertThat(reasons).filteredOn(r -> r.contains("event time 1970-01-01T00:00:01Z is outside the plausible"
                + " range")).hasSize(3);
        assertThat(reasons).filteredOn(r -> r.contains("event time 2026-01-02T00:05:00Z is ahead of its source's"
                + " progress")).hasSize(3);
    }

    /** One message per second of event time, round robin over the partitions, protobuf and JSON in turn. */
    private static int demoAsSpans(LoadedConfig loaded, Map<Integer, List<byte[]>> byPartition) throws Exception {
        int[] messages = {0};
        try (OtlpTestMessages sdk = new OtlpTestMessages()) {
            KafkaJobRuns.callsBySecond("demo", loaded, call -> {
                sdk.clientSpan(call);
                // spans an instrumented service also records, which are not calls of the mesh
                if (call.timestamp() % 97 == 0) {
                    sdk.span(call.destination(), SpanKind.SERVER, 1, 2, b -> {});
                }
            }, () -> messages[0] = add(byPartition, sdk.drain(), messages[0]));
        }
        return messages[0];
    }

    private static int add(Map<Integer, List<byte[]>> byPartition, List<SpanData> spans, int messages) {
        byte[] message = messages % 2 == 0 ? OtlpTestMessages.proto(spans) : OtlpTestMessages.json(spans);
        byPartition.computeIfAbsent(messages % 3, p -> new ArrayList<>()).add(message);
        return messages + 1;
    }
}
