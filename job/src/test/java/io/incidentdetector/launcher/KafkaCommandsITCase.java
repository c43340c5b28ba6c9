package io.incidentdetector.launcher;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.connectors.kafka.DeadLetterSerializer;
import io.incidentdetector.connectors.kafka.JsonRecordSerializer;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.incident.SuspectKind;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.kafka.KafkaBroker;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.sink.IncidentJson;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's Kafka commands, as docs/kafka.md uses them, against a real broker. */
class KafkaCommandsITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    record Run(int exitCode, String out) {}

    static Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = LocalLauncher.commandLine().execute(args);
            return new Run(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void createTopicsProduceAndFollow(@TempDir Path dir) throws Exception {
        String bootstrap = BROKER.bootstrapServers();

        Run created = run("create-topics", "--bootstrap-servers", bootstrap);
        assertThat(created.exitCode()).isZero();
        assertThat(created.out()).contains("created  service-calls (3 partitions)")
                .contains("created  incidents (1 partition, {cleanup.policy=compact})")
                .contains("created  dead-letters (1 partition)");
        try (Admin admin = Admin.create(BROKER.clientProperties())) {
            ConfigResource incidents = new ConfigResource(ConfigResource.Type.TOPIC, "incidents");
            assertThat(admin.describeConfigs(List.of(incidents)).all().get().get(incidents)
                    .get("cleanup.policy").value()).isEqualTo("compact");
        }
        assertThat(run("create-topics", "--bootstrap-servers", bootstrap).out()).contains("exists   incidents")
                .doesNotContain("created");

        // a scenario: every event, keyed, into the input topics
        Run produced = run("produce", "--bootstrap-servers", bootstrap, "--scenario", "canary-regression");
        assertThat(produced.exitCode()).isZero();
        ScenarioConfig settings = io.incidentdetector.config.ConfigLoader.load("local.yaml", ScenarioCatalog.allNames())
                .config().scenario().withName("canary-regression");
        long errors = ScenarioEvents.count("canary-regression", settings);
        assertThat(produced.out()).contains(String.format("produced 0 service calls to 'service-calls' and %,d client"
                + " errors to 'client-errors'", errors));
        assertThat(recordsIn("client-errors")).isEqualTo(errors);

        // files: lines as they are, bad ones included
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"source\":\"a\",\"destination\":\"b\","
                + "\"latencyMs\":1}\nnot json\n\n");
        assertThat(run("produce", "--bootstrap-servers", bootstrap, "--events", file.toString()).out())
                .contains("produced 2 lines to 'service-calls'");
        assertThat(recordsIn("service-calls")).isEqualTo(2);

        Instant t = Instant.parse("2026-01-01T00:12:00Z");
        Incident incident = new Incident("latency-checkout-path-1767226320", IncidentStatus.OPEN, Severity.SEV2,
                IncidentKind.LATENCY, "checkout-path", List.of("frontend->cartservice"), t, t, null, 12.0,
                "SEV2 on checkout-path", List.of());
        send(new JsonRecordSerializer<Incident>("incidents", Incident::id, Incident::updatedAt), incident);
        send(new DeadLetterSerializer("dead-letters"),
                new DeadLetter("service-calls", 1, 7L, "not json", "not JSON: Unrecognized token", null,
                        "not json".getBytes(StandardCharsets.UTF_8)));

        Run incidents = run("follow", "--bootstrap-servers", bootstrap, "--idle-exit", "2s");
        assertThat(incidents.exitCode()).isZero();
        assertThat(incidents.out()).contains("2026-01-01T00:12:00Z  OPEN     SEV2  latency-checkout-path-1767226320"
                + " [frontend->cartservice]  temp=12.0");
        Run dead = run("follow", "--bootstrap-servers", bootstrap, "--topic", "dead-letters", "--idle-exit", "2s");
        assertThat(dead.out()).contains("service-calls/1@7  not JSON: Unrecognized token  not json");
        assertThat(run("follow", "--bootstrap-servers", bootstrap, "--topic", "nope", "--idle-exit", "1s").exitCode())
                .isEqualTo(2);
    }

    private static long recordsIn(String topic) throws Exception {
        try (Admin admin = Admin.create(BROKER.clientProperties())) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    private static <T> void send(KafkaRecordSerializationSchema<T> serializer, T element) {
        Properties props = BROKER.clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(serializer.serialize(element, null, null));
            producer.flush();
        }
    }

    @Test
    void produceWritesAScenarioAsTheCollectorsOtlpMessages(@TempDir Path dir) throws Exception {
        BROKER.createTopic("spans", 2, java.util.Map.of());
        BROKER.createTopic("otlp-errors", 1, java.util.Map.of());
        Path config = dir.resolve("otlp.yaml");
        Files.writeString(config, "kafka: {topics: {otlp-spans: [spans], client-errors: [otlp-errors]}}\n");
        Run produced = run("produce", "--bootstrap-servers", BROKER.bootstrapServers(), "--config", config.toString(),
                "--scenario", "single-delay", "--otlp");
        assertThat(produced.exitCode()).isZero();
        ScenarioConfig settings = io.incidentdetector.config.ConfigLoader.load("local.yaml", ScenarioCatalog.allNames())
                .config().scenario().withName("single-delay");
        long calls = 0;
        for (var it = ScenarioEvents.of("single-delay", settings); it.hasNext();) {
            calls += it.next().type().equals("service-call") ? 1 : 0;
        }
        assertThat(produced.out()).contains(String.format("produced %,d service calls as OTLP spans to 'spans'", calls));
        long decoded = 0;
        var mapping = new io.incidentdetector.source.otlp.SpanCalls(io.incidentdetector.config.OtlpConfig.defaults());
        var records = BROKER.readCommittedToEnd("spans", java.time.Duration.ofSeconds(30));
        for (var r : records) {
            decoded += mapping.map(io.incidentdetector.source.otlp.OtlpMessages.decode(r.value(),
                    io.incidentdetector.config.OtlpConfig.Encoding.AUTO)).calls().size();
        }
        assertThat(decoded).isEqualTo(calls);
        assertThat(records.size()).as("one message per second of calls").isLessThan((int) calls);
        assertThat(run("produce", "--bootstrap-servers", BROKER.bootstrapServers(), "--otlp", "--events",
                config.toString()).exitCode()).isNotZero();
    }

    @Test
    void pagesReadsTheIncidentsVerdictsAndAlertsTopicsToTheirEnd(@TempDir Path dir) throws Exception {
        BROKER.createTopics(1, "page-incidents", "page-verdicts", "page-alerts");
        Instant opened = Instant.parse("2026-01-01T02:00:00Z");
        Incident open = new Incident("latency-checkout-path-" + opened.getEpochSecond(), IncidentStatus.OPEN,
                Severity.SEV2, IncidentKind.LATENCY, "checkout-path", List.of("frontend->cartservice"), opened, opened,
                null, 12.0, "SEV2 on checkout-path", List.of()).withSuspect("cartservice", SuspectKind.CALLEE, "the callee", List.of());
        Incident resolved = new Incident(open.id(), IncidentStatus.RESOLVED, Severity.SEV2, IncidentKind.LATENCY,
                "checkout-path", open.subjects(), opened, opened.plusSeconds(600), opened.plusSeconds(600), 0,
                "resolved", List.of()).withSuspect("cartservice", SuspectKind.CALLEE, "the callee", List.of());
        BROKER.produce("page-incidents", List.of(new String[] {open.id(), IncidentJson.line(open)},
                new String[] {open.id(), IncidentJson.line(resolved)}));
        List<String[]> verdicts = new java.util.ArrayList<>();
        for (int i = -720; i < 360; i++) { // from two hours before to an hour after; a page shows 1 h + 10 min + 5 min
            Instant t = opened.plusSeconds(10L * i);
            verdicts.add(new String[] {"frontend->cartservice", JsonCodec.mapper().writeValueAsString(new WindowVerdict(
                    t, "frontend->cartservice", 40, i >= 0 && i < 60 ? 200 : 10, 10.0, 7.0, 17.0, 0, 0.0, 0.0,
                    "trained"))});
        }
        BROKER.produce("page-verdicts", verdicts);

        Path out = dir.resolve("pages");
        Run pages = run("pages", "--bootstrap-servers", BROKER.bootstrapServers(), "--incidents-topic",
                "page-incidents", "--verdicts-topic", "page-verdicts", "--alerts-topic", "page-alerts", "--out",
                out.toString());
        assertThat(pages.exitCode()).isZero();
        assertThat(pages.out()).contains("wrote 1 incident pages from 2 incident records of 'page-incidents'");
        String page = Files.readString(out.resolve(open.id() + ".html"));
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(
                "<polyline class=\"series observed\"[^>]* points=\"([^\"]*)\"").matcher(page);
        assertThat(line.find()).isTrue();
        assertThat(line.group(1).split(" ")).hasSize(360 + 60 + 30 + 1);
        assertThat(page).contains("<tr class=\"record\">").contains("cartservice")
                .contains("the topics page-incidents, page-verdicts, page-alerts on " + BROKER.bootstrapServers());
        assertThat(run("pages", "--bootstrap-servers", BROKER.bootstrapServers(), "--incidents-topic", "nope",
                "--out", out.toString()).exitCode()).isEqualTo(2);
    }
}
