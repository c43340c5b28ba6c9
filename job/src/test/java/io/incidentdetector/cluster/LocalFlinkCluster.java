package io.incidentdetector.cluster;

import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.testing.RequiredBinary;
import io.incidentdetector.testing.WaitUntil;

import com.fasterxml.jackson.databind.JsonNode;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/local/flink.sh as a user runs it, from a test: its commands with the test's own state folder and free ports,
 * and the REST API of the cluster it starts.
 */
final class LocalFlinkCluster {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path SCRIPT = ROOT.resolve("docker/local/flink.sh");
    static final Path JOB_JAR = ROOT.resolve("job/target/incident-detector.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path state;
    private final int restPort = RequiredBinary.freePort();
    private final Map<String, String> environment = new LinkedHashMap<>();

    /** @param settings flink.sh settings on top of the state folder and ports (FLINK_STATE_BACKEND, FLINK_HA, ...) */
    LocalFlinkCluster(Path state, Map<String, String> settings) {
        this.state = state;
        environment.put("FLINK_STATE", state.toString());
        environment.put("FLINK_REST_PORT", Integer.toString(restPort));
        environment.put("FLINK_RPC_PORT", Integer.toString(RequiredBinary.freePort()));
        // every JVM flink.sh starts (JobManager, TaskManagers, ZooKeeper, the CLI) with the JIT's first tier only:
        // the test's runs are too short for the optimizing compiler to pay for the CPU it takes
        environment.put("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");
        environment.putAll(settings);
    }

    record Result(int exitCode, String output) {}

    Path state() {
        return state;
    }

    Result script(Duration timeout, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
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

    /** {@code flink.sh start}, which must succeed; returns what it printed. */
    String start() throws Exception {
        Result started = script(Duration.ofMinutes(5), "start");
        assertThat(started.exitCode()).as(started.output()).isZero();
        return started.output();
    }

    /** {@code flink.sh stop}, then checks that nothing runs any more. */
    void stop() throws Exception {
        Result stopped = script(Duration.ofMinutes(1), "stop");
        assertThat(stopped.output()).contains("stopped");
        assertThat(script(Duration.ofSeconds(30), "status").exitCode()).isEqualTo(3);
    }

    /** Submits the cluster job jar detached ({@code flink.sh run -d}); returns the job id. */
    String submit(List<String> flinkOptions, String... jobArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(flinkOptions);
        args.add(JOB_JAR.toString());
        args.addAll(List.of(jobArgs));
        Result submitted = script(Duration.ofMinutes(2), args.toArray(String[]::new));
        Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted.output());
        assertThat(id.find()).as(submitted.output()).isTrue();
        return id.group(1);
    }

    /** The process id in one of flink.sh's pid files ({@code jobmanager}, {@code taskmanager-1}, {@code zookeeper}). */
    long pid(String process) throws IOException {
        return Long.parseLong(Files.readString(state.resolve(process + ".pid")).trim());
    }

    JsonNode rest(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).build(), path);
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), path);
    }

    void awaitState(String job, String jobState) {
        WaitUntil.until("job " + job + " to be " + jobState, Duration.ofMinutes(1),
                () -> rest("/jobs/" + job).get("state").asText(), jobState::equals);
    }

    void awaitAllTasksRunning(String job, Duration timeout) {
        WaitUntil.until("every task of job " + job + " to run", timeout, () -> {
            for (JsonNode overview : rest("/jobs/overview").get("jobs")) {
                if (overview.get("jid").asText().equals(job)) {
                    return overview;
                }
            }
            return null;
        }, seen -> seen != null && seen.get("state").asText().equals("RUNNING")
                && seen.get("tasks").get("running").asInt() == seen.get("tasks").get("total").asInt());
    }

    /** Triggers a checkpoint of {@code job} through the REST API, waits for it to complete, and returns its id. */
    long checkpoint(String job) throws Exception {
        String trigger = post("/jobs/" + job + "/checkpoints", "{\"checkpointType\":\"CONFIGURED\"}")
                .get("request-id").asText();
        JsonNode done = WaitUntil.until("checkpoint " + trigger + " of job " + job + " to complete",
                Duration.ofMinutes(1), () -> rest("/jobs/" + job + "/checkpoints/" + trigger),
                status -> status.get("status").get("id").asText().equals("COMPLETED"));
        JsonNode operation = done.get("operation");
        assertThat(operation.has("checkpointId")).as("checkpoint " + trigger + " failed: " + operation).isTrue();
        return operation.get("checkpointId").asLong();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + restPort + path);
    }

    private static JsonNode send(HttpRequest request, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 202);
        return JsonCodec.mapper().readTree(response.body());
    }
}
