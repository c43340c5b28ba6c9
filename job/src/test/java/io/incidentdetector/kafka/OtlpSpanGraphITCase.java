package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.source.otlp.OtlpTestMessages;
import io.incidentdetector.testing.TestMiniCluster;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's calls as traces of the OpenTelemetry Java SDK: for each call the caller's CLIENT span and the callee's
 * SERVER child span, each service exporting its own spans (the SERVER spans a second after their CLIENT spans, in
 * other messages and partitions). Once every CLIENT span names its callee ({@code peer.service}); once most name only
 * the IP address of one of the callee's pods ({@code server.address}) or nothing. Both give the same latency
 * incidents, with the same suspects, as the demo read from JSON-lines files.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class OtlpSpanGraphITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("transaction.max.timeout.ms", "300000"));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    @Test
    void clientSpansThatNameOnlyAnAddressGiveTheIncidentsOfTheSameTracesWithNames(@TempDir Path dir)
            throws Exception {
        List<Incident> fileRun = KafkaJobRuns.fileRun("demo", dir).stream()
                .filter(i -> i.kind() == IncidentKind.LATENCY).toList();
        Map<String, Integer> services = new LinkedHashMap<>();
        List<Incident> named = run("graph-named", (call, b) -> b.setAttribute("peer.service", call.destination()));
        List<Incident> addresses = run("graph-ip", (call, b) -> {
            if (call.timestamp() % 5 == 0) {
                b.setAttribute("peer.service", call.destination());
            } else if (call.timestamp() % 7 != 0) {
                int service = services.computeIfAbsent(call.destination(), s -> services.size() + 1);
                b.setAttribute("server.address", "10.244." + service + "." + (10 + call.timestamp() % 3));
            }
        });

        assertThat(fileRun).isNotEmpty();
        assertThat(services).hasSizeGreaterThan(3);
        assertThat(outcome(named)).isEqualTo(outcome(fileRun));
        assertThat(outcome(addresses)).isEqualTo(outcome(named));
    }

    /** Each episode's updates, with its subjects and suspect. */
    private static Map<String, List<String>> outcome(List<Incident> incidents) {
        Map<String, List<String>> episodes = new TreeMap<>();
        for (Incident i : incidents) {
            episodes.computeIfAbsent(i.id(), id -> new ArrayList<>()).add(i.status() + " " + i.severity() + " "
                    + i.subjects() + " suspect " + i.suspect());
        }
        return episodes;
    }

    private static List<Incident> run(String name, BiConsumer<ServiceCallEvent, SpanBuilder> clientAttributes)
            throws Exception {
        String spans = name + "-spans";
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.otlpTopics(BROKER, name + "-", spans);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, name, true, topics, Map.of(), Map.of()));
        traces(loaded, clientAttributes).forEach((partition, values) -> BROKER.produceRaw(spans, partition, values));

        KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("demo", BROKER));

        List<Incident> incidents = KafkaJobRuns.incidents(BROKER.readCommittedToEnd(topics.incidents(),
                Duration.ofSeconds(30)));
        assertThat(BROKER.readCommittedToEnd(topics.deadLetters(), Duration.ofSeconds(5))).isEmpty();
        return incidents;
    }

    /**
     * One message of CLIENT spans per second of event time, and one of the SERVER spans of the second before, round
     * robin over three partitions.
     */
    private static Map<Integer, List<byte[]>> traces(LoadedConfig loaded,
            BiConsumer<ServiceCallEvent, SpanBuilder> clientAttributes) throws Exception {
        Map<Integer, List<byte[]>> byPartition = new TreeMap<>();
        int[] messages = {0};
        List<List<SpanData>> servers = new ArrayList<>(List.of(List.of()));
        try (OtlpTestMessages sdk = new OtlpTestMessages()) {
            KafkaJobRuns.callsBySecond("demo", loaded,
                    call -> sdk.callWithServerSpan(call, b -> clientAttributes.accept(call, b)),
                    () -> servers.set(0, send(byPartition, sdk.drain(), servers.get(0), messages)));
            send(byPartition, List.of(), servers.get(0), messages);
        }
        return byPartition;
    }

    /** Sends this second's CLIENT spans and the last second's SERVER spans; returns this second's SERVER spans. */
    private static List<SpanData> send(Map<Integer, List<byte[]>> byPartition, List<SpanData> spans,
            List<SpanData> lastServers, int[] messages) {
        List<SpanData> clients = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
        for (List<SpanData> message : List.of(clients, lastServers)) {
            if (!message.isEmpty()) {
                byPartition.computeIfAbsent(messages[0] % 3, p -> new ArrayList<>())
                        .add(OtlpTestMessages.proto(message));
                messages[0]++;
            }
        }
        return spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    }
}
