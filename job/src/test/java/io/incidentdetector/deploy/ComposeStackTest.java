package io.incidentdetector.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.incidentdetector.deploy.DeploymentFilesTest.DOCKER;
import static io.incidentdetector.deploy.DeploymentFilesTest.YAML;
import static io.incidentdetector.deploy.DeploymentFilesTest.names;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot be started here (no Docker engine): what it promises is checked on the file, and the
 * JobManager's healthcheck command is run against a stand-in REST API.
 */
class ComposeStackTest {

    static JsonNode services() throws IOException {
        return YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile()).get("services");
    }

    @Test
    void everyPublishedPortIsOnLoopbackOnly() throws IOException {
        List<String> ports = new ArrayList<>();
        services().forEach(service -> service.path("ports").forEach(p -> ports.add(p.asText())));
        assertThat(ports).hasSizeGreaterThanOrEqualTo(7)
                .allSatisfy(p -> assertThat(p).matches("127\\.0\\.0\\.1:\\d+:\\d+"));
    }

    @Test
    void theStackHasAlertmanagerAndACollectorAndWaitsOnlyForHealthyOrFinishedServices() throws IOException {
        JsonNode services = services();
        assertThat(names(services)).contains("alertmanager", "otel-collector", "state-volume");
        assertThat(services.get("jobmanager").has("healthcheck")).isTrue();
        for (String name : names(services)) {
            for (Map.Entry<String, JsonNode> dep : fields(services.get(name).path("depends_on"))) {
                String condition = dep.getValue().path("condition").asText();
                assertThat(condition).as(name + " waits for " + dep.getKey())
                        .isIn("service_healthy", "service_completed_successfully");
                if (condition.equals("service_healthy")) {
                    assertThat(services.get(dep.getKey()).has("healthcheck")).as(dep.getKey()).isTrue();
                }
            }
        }
        JsonNode submit = services.get("submit");
        assertThat(submit.at("/depends_on/jobmanager/condition").asText()).isEqualTo("service_healthy");
        assertThat(submit.get("restart").asText()).isEqualTo("no");
        List<String> entrypoint = JobArguments.texts(submit.get("entrypoint"));
        assertThat(entrypoint.get(entrypoint.size() - 1)).endsWith("/submit.sh");
        assertThat(JobArguments.texts(submit.get("volumes")))
                .contains("./compose/submit.sh:/opt/incident-detector/submit.sh:ro", "flink-state:/flink-state");
    }

    @Test
    void theSubmitScriptFindsSavepointsWhereTheClusterWritesThem() throws IOException {
        JsonNode properties = YAML.readTree(YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile())
                .at("/x-flink-properties/FLINK_PROPERTIES").asText());
        assertThat(properties.get("execution.checkpointing.savepoint-dir").asText())
                .isEqualTo("file://" + SubmitScriptTest.DEFAULT_STATE + "/savepoints");
        assertThat(properties.get("execution.checkpointing.dir").asText())
                .isEqualTo("file://" + SubmitScriptTest.DEFAULT_STATE + "/checkpoints");
        assertThat(Files.readString(DOCKER.resolve("compose/submit.sh")))
                .contains("FLINK_STATE=\"${FLINK_STATE:-" + SubmitScriptTest.DEFAULT_STATE + "}\"");
    }

    @Test
    void alertmanagerAndTheCollectorAreWiredToTheJob() throws IOException {
        JsonNode alertmanager = YAML.readTree(DOCKER.resolve("compose/alertmanager.yml").toFile());
        List<String> receivers = new ArrayList<>();
        alertmanager.get("receivers").forEach(r -> receivers.add(r.get("name").asText()));
        assertThat(receivers).contains(alertmanager.at("/route/receiver").asText());

        JsonNode job = YAML.readTree(DOCKER.resolve("compose/job.yaml").toFile());
        JsonNode collector = YAML.readTree(DOCKER.resolve("compose/otel-collector.yaml").toFile());
        String topic = collector.at("/exporters/kafka/traces/topic").asText();
        assertThat(JobArguments.texts(job.at("/kafka/topics/otlp-spans"))).containsExactly(topic);
        assertThat(JobArguments.texts(collector.at("/exporters/kafka/brokers")))
                .containsExactly(job.at("/kafka/bootstrap-servers").asText());
        assertThat(JobArguments.texts(collector.at("/service/pipelines/traces/exporters"))).containsExactly("kafka");
        assertThat(services().at("/topics/command/0").asText()).contains("--topic " + topic + " ");
    }

    @Test
    void theJobManagerHealthcheckPassesOnlyWhenTheRestApiAnswers() throws Exception {
        List<String> test = JobArguments.texts(services().at("/jobmanager/healthcheck/test"));
        assertThat(test.subList(0, 3)).containsExactly("CMD", "bash", "-c");
        String command = test.get(3);
        assertThat(command).contains("/dev/tcp/127.0.0.1/8081");

        HttpServer rest = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        rest.createContext("/overview", exchange -> {
            byte[] body = "{\"taskmanagers\":0,\"flink-version\":\"2.2.1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        rest.start();
        try {
            int port = rest.getAddress().getPort();
            assertThat(run(command.replace("8081", String.valueOf(port)))).isZero();
            assertThat(run(command.replace("8081", port + "").replace("/overview", "/starting"))).isNotZero();
        } finally {
            rest.stop(0);
        }
        assertThat(run(command.replace("8081", String.valueOf(freePort())))).isNotZero();
    }

    static int run(String bash) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("finished: " + bash).isTrue();
        return process.exitValue();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        node.fields().forEachRemaining(fields::add);
        return fields;
    }
}
