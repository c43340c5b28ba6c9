package io.incidentdetector.deploy;

import io.incidentdetector.config.AlertmanagerConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.incidentdetector.deploy.DeploymentFilesTest.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

/** docker/local/kafka.sh: its controller port leaves Alertmanager's alone, and an old storage is not misread. */
class LocalKafkaScriptTest {

    static final Path SCRIPT = DOCKER.resolve("local/kafka.sh");

    @Test
    void theControllerPortIsNeitherAlertmanagersNorOneTheComposeStackPublishes() throws Exception {
        Matcher m = Pattern.compile("CONTROLLER_PORT=\"\\$\\{KAFKA_CONTROLLER_PORT:-(\\d+)}\"")
                .matcher(Files.readString(SCRIPT));
        assertThat(m.find()).isTrue();
        int controller = Integer.parseInt(m.group(1));
        assertThat(controller).isNotEqualTo(URI.create(AlertmanagerConfig.DEFAULT_URL).getPort()).isNotEqualTo(9092);
        List<Integer> published = new ArrayList<>();
        ComposeStackTest.services().forEach(s -> s.path("ports").forEach(p -> published.add(
                Integer.parseInt(p.asText().split(":")[1]))));
        assertThat(published).isNotEmpty().doesNotContain(controller);
    }

    @Test
    void aStorageFormattedWithAnotherControllerPortIsRefusedWithTheFix(@TempDir Path state) throws Exception {
        Files.createDirectories(state.resolve("data"));
        Files.writeString(state.resolve("data/meta.properties"), "node.id=1\n");
        Files.writeString(state.resolve("server.properties"), "controller.quorum.bootstrap.servers=127.0.0.1:9093\n");
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), "start").redirectErrorStream(true);
        builder.environment().put("KAFKA_STATE", state.toString());
        builder.environment().put("KAFKA_PORT", String.valueOf(ComposeStackTest.freePort()));
        builder.environment().remove("KAFKA_CONTROLLER_PORT");
        Process process = builder.start();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("formatted with the controller on port 9093", "KAFKA_CONTROLLER_PORT=9093",
                "kafka.sh reset");
        assertThat(state.resolve("broker.pid")).doesNotExist();
    }
}
