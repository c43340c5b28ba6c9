package io.incidentdetector.kafka;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.source.otlp.OtlpTestMessages;
import io.incidentdetector.testing.TestMiniCluster;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The normal scenario's first 25 minutes as CLIENT spans with an {@code rpc.method}, four methods per pair in turn,
 * and one fault: {@code EmptyCart} of {@code frontend->cartservice} is 200 ms slower from 10:00 to 20:00, its other
 * methods are not. Split by {@code rpc.method}, that method is judged on its own: it is hot and the others of its pair are
 * not, and the incident names the edge and suspects its callee, as incidents on that edge do without the split.
 * Without the split the fault is diluted in its pair and goes unnoticed, and the spans give the incidents of the
 * same spans without {@code rpc.method}.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class OtlpOperationSplitITCase {

    private static final String[] METHODS = {"GetCart", "AddItem", "EmptyCart", "GetQuote"};
    private static final String SLOW = "EmptyCart";
    private static final String EDGE = "frontend->cartservice";

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("transaction.max.timeout.ms", "300000"));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    /** The scenario's first second. */
    private Instant start;

    @Test
    void aSlowMethodAmongSeveralIsCaughtOnItsOwnAndTheIncidentNamesItsEdge() throws Exception {
        List<Incident> split = run("split-method", "otlp:\n  split-by: rpc.method\n", true);
        List<Incident> plain = run("split-none", "otlp:\n  split-by: none\n", true);
        List<Incident> withoutMethods = run("no-methods", "otlp: {}\n", false);
        assertThat(outcome(plain)).as("split off, the methods change nothing").isEqualTo(outcome(withoutMethods));

        Incident caught = split.stream().filter(i -> i.subjects().contains(EDGE)).findFirst().orElseThrow(
                () -> new AssertionError("no incident on " + EDGE + ": " + split));
        assertThat(caught.openedAt()).isBetween(start.plusSeconds(600), start.plusSeconds(1200));
        // the evidence the incident opened with
        Map<String, Evidence> operations = new HashMap<>();
        caught.evidence().stream().filter(e -> ServicePair.edge(e.subject()).equals(EDGE))
                .forEach(e -> operations.put(e.subject(), e));
        Evidence slow = operations.get(EDGE + "->" + SLOW);
        assertThat(slow).as("the slow method's evidence: %s", operations.keySet()).isNotNull();
        assertThat(slow.accumulator()).isGreaterThan(slow.threshold());
        assertThat(operations.values()).filteredOn(e -> !e.subject().endsWith("->" + SLOW))
                .allSatisfy(e -> assertThat(e.accumulator()).as(e.subject()).isLessThanOrEqualTo(e.threshold()));

        // the incident names the edge and its callee as the demo's incidents on this edge do, and more series made
        // no incident of their own
        assertThat(split).allSatisfy(i -> assertThat(i.subjects()).containsExactly(EDGE));
        assertThat(lastSuspect(split, caught.id())).isEqualTo("cartservice");
        // without the split, a quarter of the pair's calls 200 ms slower hardly moves its quantile: no incident
        assertThat(plain).noneMatch(i -> i.subjects().contains(EDGE));
        assertThat(plain).flatExtracting(Incident::evidence).extracting(Evidence::subject)
                .allSatisfy(s -> assertThat(ServicePair.operation(s)).as(s).isNull());
    }

    /** Each episode's updates, with its subjects, suspect and evidence. */
    private static Map<String, List<String>> outcome(List<Incident> incidents) {
        Map<String, List<String>> episodes = new TreeMap<>();
        for (Incident i : incidents) {
            episodes.computeIfAbsent(i.id(), id -> new ArrayList<>()).add(i.status() + " " + i.severity() + " "
                    + i.subjects() + " suspect " + i.suspect() + " " + i.evidence());
        }
        return episodes;
    }

    private static String lastSuspect(List<Incident> incidents, String id) {
        String suspect = null;
        for (Incident i : incidents) {
            if (i.id().equals(id) && i.suspect() != null) {
                suspect = i.suspect();
            }
        }
        return suspect;
    }

    private List<Incident> run(String name, String otlpYaml, boolean methods) throws Exception {
        String spans = name + "-spans";
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.otlpTopics(BROKER, name + "-", spans);
        OtlpConfig otlp = ConfigLoader.parse(otlpYaml, "test").otlp();
        LoadedConfig loaded = KafkaJobRuns.config("normal", BROKER,
                k -> KafkaJobRuns.kafka(k, name, true, topics, Map.of(), Map.of()),
                c -> new JobConfig(c.job(), c.latency(), c.canary(), c.scenario(), c.output(), c.kafka(), otlp,
                        c.prometheus(), c.alertmanager(), c.deadLetters(), c.eventTime(), c.control()));
        assertThat(loaded.config().otlp().splitBy().key()).isEqualTo(otlpYaml.contains("rpc") ? "rpc.method" : "none");
        spans(loaded, methods).forEach((partition, values) -> BROKER.produceRaw(spans, partition, values));

        KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("normal", BROKER));

        assertThat(BROKER.readCommittedToEnd(topics.deadLetters(), Duration.ofSeconds(5))).isEmpty();
        return KafkaJobRuns.incidents(BROKER.readCommittedToEnd(topics.incidents(), Duration.ofSeconds(30)))
                .stream().filter(i -> i.kind() == IncidentKind.LATENCY).toList();
    }

    /**
     * The first 25 minutes, one message of CLIENT spans per second, round robin over three partitions; with
     * {@code methods}, each span names its method.
     */
    private Map<Integer, List<byte[]>> spans(LoadedConfig loaded, boolean methods) throws Exception {
        Map<Integer, List<byte[]>> byPartition = new TreeMap<>();
        Map<String, Integer> calls = new HashMap<>();
        int[] messages = {0};
        long[] first = {Long.MIN_VALUE};
        try (OtlpTestMessages sdk = new OtlpTestMessages()) {
            KafkaJobRuns.callsBySecond("normal", loaded, call -> {
                if (first[0] == Long.MIN_VALUE) {
                    first[0] = call.timestamp() - call.timestamp() % 1000;
                }
                long second = (call.timestamp() - first[0]) / 1000;
                if (second >= 1500) {
                    return;
                }
                String method = METHODS[calls.merge(call.pair(), 1, Integer::sum) % METHODS.length];
                boolean slow = call.pair().equals(EDGE) && method.equals(SLOW) && second >= 600 && second < 1200;
                long end = call.timestamp() * 1_000_000L;
                long begin = end - Math.round((call.latencyMs() + (slow ? 200 : 0)) * 1e6);
                sdk.span(call.source(), SpanKind.CLIENT, begin, end, b -> {
                    b.setAttribute("peer.service", call.destination());
                    if (methods) {
                        b.setAttribute("rpc.method", method);
                    }
                });
            }, () -> {
                List<SpanData> message = sdk.drain();
                if (!message.isEmpty()) {
                    byPartition.computeIfAbsent(messages[0] % 3, p -> new ArrayList<>())
                            .add(OtlpTestMessages.proto(message));
                    messages[0]++;
                }
            });
        }
        start = Instant.ofEpochMilli(first[0]);
        return byPartition;
    }
}
