package io.incidentdetector.pipeline;

import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.scenario.EventsExporter;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.TrainingExporter;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.incidentdetector.scenario.ScenarioCatalog.CHECKOUT_PAYMENT;
import static io.incidentdetector.scenario.ScenarioCatalog.FRONTEND_CART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole job, as the launcher wires it, on a MiniCluster of two TaskManagers at parallelism 2. */
class LatencyScenariosITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant FAULT_START = START.plusSeconds(600);
    static final Instant FAULT_END = START.plusSeconds(1200);
    static final Duration WINDOW = Duration.ofSeconds(10);
    /** Heat needs 11 anomalous windows to pass the group threshold, CEP one more: 15 leaves a margin of 3. */
    static final int DETECTION_BOUND_WINDOWS = 15;

    @TempDir
    Path out;

    record Run(List<Incident> incidents, JobExecutionResult result) {}

    private Run run(RunOptions options) throws Exception {
        options.out = out;
        options.quiet = true;
        options.parallelism = 2;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
        JobExecutionResult result = env.execute("it");
        return new Run(read(out.resolve(OutputFiles.INCIDENTS)), result);
    }

    private Run scenario(String name) throws Exception {
        RunOptions options = new RunOptions();
        options.scenario = name;
        return run(options);
    }

    /** The single-delay scenario's events as a JSON-lines file would hold them, one line each. */
    private static List<String> singleDelayAsJsonLines(Path tmp) throws IOException {
        Path clean = tmp.resolve("events.jsonl");
        EventsExporter.export(ScenarioCatalog.get("single-delay"),
                RunPlans.from(new RunOptions().toRequest()).config().scenario().withName("single-delay"), clean);
        return new ArrayList<>(Files.readAllLines(clean));
    }

    static List<Incident> read(Path file) throws IOException {
        // a missing file is a failure, not "no incidents": the sink creates it even when nothing is written
        assertThat(file).as("the incidents output").exists();
        List<Incident> incidents = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            incidents.add(JsonCodec.mapper().readValue(line, Incident.class));
        }
        return incidents;
    }

    @ParameterizedTest(name = "{0} opens no incident")
    @ValueSource(strings = {"normal", "transients"})
    void noIncidentWithoutAFault(String scenario) throws Exception {
        Run run = scenario(scenario);
        assertThat(run.incidents()).isEmpty();
        long windows = Files.readAllLines(out.resolve(OutputFiles.WINDOWS)).size();
        assertThat(windows).isEqualTo(5L * ScenarioCatalog.get(scenario).duration().toSeconds() / 10);
        if (scenario.equals("transients")) {
            // the surges do produce anomalies: they are ignored by the heat rule, not invisible
            assertThat(Files.readString(out.resolve(OutputFiles.WINDOWS))).contains("\"anomalyCount\":1");
        }
    }

    @Test
    void singleDelayOpensOneSev2OnTheDelayedPairAndResolvesAfterTheFault() throws Exception {
        List<Incident> incidents = scenario("single-delay").incidents();
        assertThat(incidents).extracting(Incident::status).containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
        assertThat(incidents).extracting(Incident::id).containsOnly(incidents.get(0).id());
        assertThat(incidents).extracting(Incident::severity).containsOnly(Severity.SEV2);
        assertThat(incidents).allSatisfy(i -> assertThat(i.subjects()).containsExactly(FRONTEND_CART));
        assertThat(incidents.get(0).group()).isEqualTo("checkout-path");
        assertThat(incidents.get(0).evidence()).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo(FRONTEND_CART);
            assertThat(e.y()).isGreaterThan(e.yMax());
            assertThat(e.accumulator()).isGreaterThan(e.threshold());
        });
        assertThat(incidents.get(0).openedAt())
                .isAfter(FAULT_START).isBeforeOrEqualTo(FAULT_START.plus(WINDOW.multipliedBy(DETECTION_BOUND_WINDOWS)));
        assertThat(incidents.get(1).resolvedAt())
                .isAfter(FAULT_END).isBeforeOrEqualTo(FAULT_END.plus(WINDOW.multipliedBy(20)));
    }

    @Test
    void doubleDelayIsASev1NamingBothPairs() throws Exception {
        List<Incident> incidents = scenario("double-delay").incidents();
        assertThat(incidents).extracting(Incident::id).containsOnly(incidents.get(0).id());
        Incident last = incidents.get(incidents.size() - 1);
        assertThat(last.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last.severity()).isEqualTo(Severity.SEV1);
        assertThat(last.subjects()).containsExactlyInAnyOrder(FRONTEND_CART, CHECKOUT_PAYMENT);
        Incident firstSev1 = incidents.stream().filter(i -> i.severity() == Severity.SEV1).findFirst().orElseThrow();
        assertThat(firstSev1.updatedAt()).isBeforeOrEqualTo(FAULT_START.plus(WINDOW.multipliedBy(DETECTION_BOUND_WINDOWS)));
    }

    @Test
    void demoOpensEscalatesAndResolvesOneIncidentAndIgnoresTransients() throws Exception {
        Run run = scenario("demo");
        List<Incident> incidents = run.incidents().stream().filter(i -> i.kind() == IncidentKind.LATENCY).toList();
        assertThat(incidents).extracting(Incident::status)
                .containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATED, IncidentStatus.RESOLVED);
        assertThat(incidents).extracting(Incident::severity).containsExactly(Severity.SEV2, Severity.SEV1, Severity.SEV1);
        assertThat(incidents).extracting(Incident::id).containsOnly(incidents.get(0).id());
        assertThat(incidents.get(1).subjects()).containsExactlyInAnyOrder(FRONTEND_CART, CHECKOUT_PAYMENT);
        // surges at 2:30-8:50 and 40:00-43:50 left nothing: the incident spans only the faults (10:00-25:00)
        assertThat(incidents.get(0).openedAt()).isAfter(FAULT_START);
        assertThat(incidents.get(2).resolvedAt()).isBefore(START.plusSeconds(1500 + 300));
        // the demo's canary part: one error-rate episode for the regression from 28:00
        List<Incident> canary = run.incidents().stream().filter(i -> i.kind() == IncidentKind.ERROR_RATE).toList();
        assertThat(canary).extracting(Incident::id).containsOnly(canary.get(0).id());
        assertThat(canary.get(0).openedAt()).isAfter(START.plusSeconds(1680));
        assertThat(canary.get(0).subjects()).contains("code 4");
        assertThat(canary).extracting(Incident::status).containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
        assertThat(canary.get(1).resolvedAt()).isAfter(START.plusSeconds(2280)).isBefore(START.plusSeconds(3000));
        assertThat(run.result().<Long>getAccumulatorResult("incidents")).isEqualTo((long) run.incidents().size());
    }

    @Test
    void replayingTheScenarioAsJsonLinesGivesTheSameIncidentsAndDeadLettersTheBadLines(@TempDir Path tmp)
            throws Exception {
        List<Incident> generated = scenario("single-delay").incidents();

        List<String> lines = singleDelayAsJsonLines(tmp);
        lines.add(500, "{\"timestamp\":\"2026-01-01T00:01:00Z\",\"source\":\"frontend\"");
        lines.add(1000, "{\"timestamp\":\"2026-01-01T00:01:30Z\",\"source\":\"frontend\",\"destination\":\"cartservice\",\"latencyMs\":-5}");
        // the 600 KB record: its dead letter is cut at dead-letters.max-payload (64 KB), its reason too
        String huge = "{\"timestamp\":\"2026-01-01T00:02:00Z\",\"source\":\"frontend\",\"destination\":\"cartservice\","
                + "\"latencyMs\":\"" + "a".repeat(600_000) + "\"}";
        lines.add(1500, huge);
        Path salted = tmp.resolve("salted.jsonl");
        Files.write(salted, lines);

        RunOptions options = new RunOptions();
        options.events = List.of(salted);
        Run replay = run(options);
        assertThat(replay.incidents()).isEqualTo(generated);
        List<String> dead = Files.readAllLines(out.resolve(OutputFiles.DEAD_LETTERS));
        assertThat(dead).hasSize(3);
        assertThat(dead.get(0)).contains("\"position\":501").contains("not JSON").contains("\"truncated\":false");
        assertThat(dead.get(1)).contains("\"position\":1001").contains("'latencyMs' must be a finite number >= 0");
        assertThat(dead.get(2)).contains("\"position\":1501")
                .contains("\"reason\":\"'latencyMs' must be a number, got \\\"" + "a".repeat(100)
                        + "…\\\" (600,000 chars)\"")
                .contains("\"originalSize\":" + huge.length()).contains("\"truncated\":true")
                .contains("\"sha256\":\"" + DeadLetterBounds.sha256(huge.getBytes(StandardCharsets.UTF_8)) + "\"");
        assertThat(dead.get(2).length()).isLessThan(64 * 1024 + 1_000);
        assertThat(replay.result().<Long>getAccumulatorResult("dead-letters")).isEqualTo(3L);
    }

    /**
     * Events stamped in 2090, in 1970 and a day ahead of the file's progress, five minutes in (before the fault at
     * 10:00): dead letters with the reason, and the same incidents (opened at the same event time) as the generator.
     */
    @Test
    void eventsAt2090In1970AndADayAheadBeforeTheFaultAreDeadLettersAndChangeNoIncident(@TempDir Path tmp)
            throws Exception {
        List<Incident> generated = scenario("single-delay").incidents();

        List<String> lines = singleDelayAsJsonLines(tmp);
        int fiveMinutesIn = java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).contains("\"timestamp\":\"2026-01-01T00:05:")).findFirst().orElseThrow();
        String call = "\",\"source\":\"frontend\",\"destination\":\"cartservice\",\"latencyMs\":5,\"status\":200}";
        lines.addAll(fiveMinutesIn, List.of("{\"timestamp\":\"2090-01-01T00:00:00Z" + call,
                "{\"timestamp\":\"1970-01-01T00:00:00Z" + call, "{\"timestamp\":\"2026-01-02T00:05:00Z" + call));
        Path salted = Files.write(tmp.resolve("salted.jsonl"), lines);

        RunOptions options = new RunOptions();
        options.events = List.of(salted);
        Run replay = run(options);
        assertThat(generated).isNotEmpty();
        assertThat(replay.incidents()).isEqualTo(generated);
        List<String> dead = Files.readAllLines(out.resolve(OutputFiles.DEAD_LETTERS));
        assertThat(dead).hasSize(3);
        assertThat(dead).satisfiesExactlyInAnyOrder(
                d -> assertThat(d).contains("\"position\":" + (fiveMinutesIn + 1))
                        .contains("event time 2090-01-01T00:00:00Z is ahead of the wall clock"),
                d -> assertThat(d).contains("\"position\":" + (fiveMinutesIn + 2))
                        .contains("1970-01-01T00:00:00Z").contains("outside the plausible range"),
                d -> assertThat(d).contains("\"position\":" + (fiveMinutesIn + 3))
                        .contains("event time 2026-01-02T00:05:00Z is ahead of its source's progress"));
    }

    @Test
    void severalEventFilesAreEachWatermarkedOnTheirOwnEvenAtParallelismOne(@TempDir Path tmp) throws Exception {
        List<Incident> generated = scenario("single-delay").incidents();
        Path all = tmp.resolve("all.jsonl");
        EventsExporter.export(ScenarioCatalog.get("single-delay"),
                RunPlans.from(new RunOptions().toRequest()).config().scenario().withName("single-delay"), all);
        // two files covering the same hour: the second one starts earlier than the first one ends
        List<String> cart = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String line : Files.readAllLines(all)) {
            (line.contains("\"destination\":\"cartservice\"") ? cart : rest).add(line);
        }
        Path first = Files.write(tmp.resolve("rest.jsonl"), rest);
        Path second = Files.write(tmp.resolve("cart.jsonl"), cart);

        RunOptions options = new RunOptions();
        options.events = List.of(first, second);
        options.out = out;
        options.quiet = true;
        options.parallelism = 1;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        JobExecutionResult result = env.execute("two files");
        assertThat(result.<Long>getAccumulatorResult("late-events")).isZero();
        assertThat(read(out.resolve(OutputFiles.INCIDENTS))).isEqualTo(generated);
    }

    @Test
    void replayingPrometheusExportsOfTheWindowsGivesTheSameIncidents(@TempDir Path tmp) throws Exception {
        List<Incident> generated = scenario("single-delay").incidents();
        // export what Prometheus would have recorded for this run: the p50 of every 10 s window, per pair
        TrainingExporter.export(ScenarioCatalog.boutique("single-delay").orElseThrow(),
                RunPlans.from(new RunOptions().toRequest()).config().scenario().withName("single-delay"),
                WINDOW, 0.5, tmp);
        RunOptions options = new RunOptions();
        options.queryRange.put("frontend:cartservice", tmp.resolve("frontend_cartservice.json"));
        options.queryRange.put("checkoutservice->paymentservice", tmp.resolve("checkoutservice_paymentservice.json"));
        Run replay = run(options);
        assertThat(replay.incidents()).isEqualTo(generated);
        assertThat(Files.readAllLines(out.resolve(OutputFiles.WINDOWS))).hasSize(2 * 180);
    }

    @Test
    void aReplayFileThatGoesBackInTimeIsRefusedBeforeTheJobStarts(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("backwards.json"), """
                {"status":"success","data":{"resultType":"matrix","result":[{"metric":{},
                 "values":[[1767225610,"8"],[1767225620,"9"],[1767225615,"7"]]}]}}
                """);
        RunOptions options = new RunOptions();
        options.queryRange.put("frontend:cartservice", file);
        assertThatThrownBy(() -> RunPlans.from(options.toRequest()))
                .hasMessageContaining("goes back in time at point 3");
    }
}
