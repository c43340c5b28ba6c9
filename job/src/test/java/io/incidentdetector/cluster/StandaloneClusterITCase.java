package io.incidentdetector.cluster;

import io.incidentdetector.testing.RequiredBinary;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.kafka.KafkaBroker;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.testing.WaitUntil;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/local/flink.sh as a user runs it: a real standalone cluster (a JobManager and two TaskManagers, separate
 * processes), the cluster job jar submitted with `flink.sh run`, reading from and writing to a real Kafka broker.
 * The keyed operators run on both TaskManagers, incidents come out, and the cluster stops.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class StandaloneClusterITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path SCRIPT = ROOT.resolve("docker/local/flink.sh");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path state;
    static int restPort;
    static int rpcPort;

    @BeforeAll
    static void startCluster() throws Exception {
        Path jar = ROOT.resolve("job/target/incident-detector.jar");
        assertThat(jar).exists();
        // the cluster jar carries the job, not the local launcher's commands or its heatmap picture
        try (java.util.jar.JarFile entries = new java.util.jar.JarFile(jar.toFile())) {
            assertThat(entries.stream().map(java.util.jar.JarEntry::getName))
                    .contains("io/incidentdetector/IncidentDetectorJob.class", "io/incidentdetector/cli/RunOptions.class")
                    .noneMatch(name -> name.startsWith("io/incidentdetector/launcher/"))
                    .noneMatch(name -> name.startsWith("io/incidentdetector/canary/heatmap/"));
        }
        restPort = RequiredBinary.freePort();
        rpcPort = RequiredBinary.freePort();
        Result started = script(Duration.ofMinutes(5), "start");
        assertThat(started.exitCode()).as(started.output()).isZero();
        assertThat(started.output()).contains("Flink cluster running", "2 TaskManagers", "state backend rocksdb");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        Result stopped = script(Duration.ofMinutes(1), "stop");
        assertThat(stopped.output()).contains("stopped");
        assertThat(script(Duration.ofSeconds(30), "status").exitCode()).isEqualTo(3);
    }

    @Test
    void theJobRunsOnBothTaskManagersAndItsIncidentsComeOut() throws Exception {
        for (String topic : List.of("service-calls", "client-errors", "canary-alerts", "dead-letters")) {
            BROKER.createTopic(topic, 2, Map.of());
        }
        BROKER.createTopic("incidents", 1, Map.of("cleanup.policy", "compact"));

        Result submitted = script(Duration.ofMinutes(2), "run", "-d", ROOT.resolve("job/target/incident-detector.jar")
                .toString(), "--kafka", "--bootstrap-servers", BROKER.bootstrapServers(), "--quiet");
        Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted.output());
        assertThat(id.find()).as(submitted.output()).isTrue();
        String job = id.group(1);
        awaitAllTasksRunning(job);

        // every keyed stage has one subtask on each TaskManager
        JsonNode vertices = rest("/jobs/" + job).get("vertices");
        int checked = 0;
        for (JsonNode vertex : vertices) {
            String name = vertex.get("name").asText();
            if (name.startsWith("pair accumulators") || name.startsWith("judge against baseline")
                    || name.startsWith("latency incident lifecycle")) {
                Set<String> taskManagers = new HashSet<>();
                for (JsonNode tm : rest("/jobs/" + job + "/vertices/" + vertex.get("id").asText() + "/taskmanagers")
                        .get("taskmanagers")) {
                    assertThat(tm.get("status").asText()).isEqualTo("RUNNING");
                    taskManagers.add(tm.get("taskmanager-id").asText());
                }
                assertThat(taskManagers).as(name).hasSize(2);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3);
        assertThat(rest("/taskmanagers").get("taskmanagers")).hasSize(2);

        var settings = io.incidentdetector.config.ConfigLoader.load("local.yaml", ScenarioCatalog.allNames()).config()
                .scenario().withName("single-delay");
        List<String[]> calls = new ArrayList<>();
        ScenarioEvents.of("single-delay", settings).forEachRemaining(r -> calls.add(new String[] {r.key(), r.json()}));
        BROKER.produce("service-calls", calls);

        List<Incident> incidents = new ArrayList<>();
        for (var r : BROKER.readCommitted("incidents", Duration.ofMinutes(2), rs -> rs.size() >= 2)) {
            incidents.add(JsonCodec.mapper().readValue(r.value(), Incident.class));
        }
        assertThat(incidents).extracting(Incident::status).containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);

        assertThat(script(Duration.ofMinutes(1), "cli", "cancel", job).exitCode()).isZero();
        awaitState(job, "CANCELED");
    }

    record Result(int exitCode, String output) {}

    static Result script(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("FLINK_STATE", state.toString());
        builder.environment().put("FLINK_REST_PORT", Integer.toString(restPort));
        builder.environment().put("FLINK_RPC_PORT", Integer.toString(rpcPort));
        // the MiniCluster tests use the heap state backend; this one runs on RocksDB
        builder.environment().put("FLINK_STATE_BACKEND", "rocksdb");
        Path log = Files.createTempFile("flink-sh", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("flink.sh " + String.join(" ", args) + " did not finish within " + timeout
                    + ":\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static JsonNode rest(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + restPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JsonCodec.mapper().readTree(response.body());
    }

    static void awaitState(String job, String state) {
        WaitUntil.until("job " + job + " to be " + state, Duration.ofMinutes(1),
                () -> rest("/jobs/" + job).get("state").asText(), state::equals);
    }

    static void awaitAllTasksRunning(String job) {
        WaitUntil.until("every task of job " + job + " to run", Duration.ofMinutes(1), () -> {
            for (JsonNode overview : rest("/jobs/overview").get("jobs")) {
                if (overview.get("jid").asText().equals(job)) {
                    return overview.get("tasks");
                }
            }
            return null;
        }, tasks -> tasks != null && tasks.get("running").asInt() == tasks.get("total").asInt());
    }
}
