package io.incidentdetector.deploy;

import io.incidentdetector.config.JobConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files under docker/ cannot be run here (no Docker engine, no Kubernetes), so they are checked for
 * what can break silently: they parse, every file they mount exists, every Flink key they set is one Flink knows,
 * the job arguments compose passes are accepted by the job, and the dashboard asks for metrics the job exports.
 * {@link KubernetesKitTest}, {@link ComposeStackTest} and {@link DashboardTest} check the rest.
 */
class DeploymentFilesTest {

    static final Path DOCKER = Path.of("..").toAbsolutePath().normalize().resolve("docker");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Where Flink declares the options these files use. */
    static final List<String> OPTION_CLASSES = List.of("CoreOptions", "JobManagerOptions", "TaskManagerOptions",
            "RestOptions", "ClusterOptions", "CheckpointingOptions", "StateBackendOptions", "RestartStrategyOptions",
            "MetricOptions", "StateRecoveryOptions", "DeploymentOptions", "PipelineOptions", "ExecutionOptions",
            "HighAvailabilityOptions", "SecurityOptions");

    @Test
    void composeParsesAndMountsOnlyFilesThatExist() throws IOException {
        JsonNode compose = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile());
        assertThat(names(compose.get("services"))).contains("kafka", "topics", "jobmanager", "taskmanager", "submit",
                "prometheus", "grafana");
        List<String> mounts = new ArrayList<>();
        compose.get("services").forEach(service -> service.path("volumes").forEach(v -> mounts.add(v.asText())));
        List<String> hostPaths = mounts.stream().map(m -> m.split(":")[0]).filter(p -> p.startsWith(".")).toList();
        assertThat(hostPaths).contains("../job/target/incident-detector.jar", "./prometheus/prometheus.yml",
                "./grafana/provisioning");
        for (String path : hostPaths) {
            if (path.endsWith("incident-detector.jar")) {
                continue; // built by mvn package, not committed
            }
            assertThat(DOCKER.resolve(path).normalize()).as(path).exists();
        }
        JsonNode prometheus = YAML.readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
        prometheus.get("rule_files").forEach(rules ->
                assertThat(DOCKER.resolve("prometheus").resolve(Path.of(rules.asText()).getFileName())).exists());
    }

    @Test
    void everyFlinkKeyIsOneFlinkKnows() throws Exception {
        Set<String> known = knownFlinkKeys();
        JsonNode compose = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile());
        JsonNode properties = YAML.readTree(compose.get("x-flink-properties").get("FLINK_PROPERTIES").asText());
        JsonNode k8s = YAML.readTree(DOCKER.resolve("k8s/flinkdeployment.yaml").toFile())
                .get("spec").get("flinkConfiguration");
        String local = Files.readString(DOCKER.resolve("local/flink-conf/config.yaml"))
                .replaceAll("@[A-Z_]+@", "1");
        for (JsonNode config : List.of(properties, k8s, YAML.readTree(local))) {
            List<String> keys = names(config);
            assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(
                    known.contains(key) || key.matches("metrics\\.reporter\\.[a-z]+\\.(factory\\.class|port|interval)"))
                    .as("Flink knows the key '" + key + "'").isTrue());
            assertThat(keys).contains("execution.checkpointing.interval", "state.backend.type", "restart-strategy.type",
                    "metrics.reporter.prom.factory.class");
        }
    }

    @Test
    void theJobArgumentsComposePassesAreOnesTheJobAccepts() throws IOException {
        JsonNode submit = YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile()).get("services").get("submit");
        List<String> args = JobArguments.texts(submit.get("command"));
        String config = JobArguments.configPath(args);
        String mount = JobArguments.texts(submit.get("volumes")).stream().filter(v -> v.endsWith(":" + config + ":ro"))
                .findFirst().orElseThrow(() -> new AssertionError("no file mounted at " + config));
        JobConfig planned = JobArguments.plan(args, DOCKER.resolve(mount.split(":")[0]).normalize());
        assertThat(planned.kafka().enabled()).isTrue();
        assertThat(planned.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(planned.alertmanager().enabled()).isTrue();
        assertThat(planned.alertmanager().urls()).containsExactly("http://alertmanager:9093");
    }

    @Test
    void theDashboardAsksForMetricsTheJobExports() throws IOException {
        String dashboard = Files.readString(DOCKER.resolve("grafana/dashboards/incident-detector.json"));
        JsonNode parsed = new ObjectMapper().readTree(dashboard);
        assertThat(parsed.get("panels")).hasSizeGreaterThanOrEqualTo(5);
        Set<String> exported = Set.of("pair_y", "pair_y_min", "pair_y_max", "pair_mae", "pair_mape",
                "pair_anomaly_count", "pair_accumulator", "group_temperature", "group_hot_pairs",
                "group_severity_level", "code_bin_value", "code_bin_canary_count", "code_bin_baseline_count",
                "incidents_opened", "incidents_resolved", "dead_letters", "late_events");
        Matcher m = Pattern.compile("flink_taskmanager_job_task_operator_([a-z_]+)").matcher(dashboard);
        Set<String> used = new HashSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        assertThat(exported).containsAll(used);
        assertThat(used).contains("pair_y", "pair_y_min", "pair_y_max", "pair_anomaly_count", "pair_accumulator",
                "group_temperature", "group_severity_level", "code_bin_value");
    }

    static Set<String> knownFlinkKeys() throws Exception {
        Set<String> keys = new HashSet<>();
        for (String name : OPTION_CLASSES) {
            for (Field field : Class.forName("org.apache.flink.configuration." + name).getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    keys.add(option.key());
                    option.fallbackKeys().forEach(k -> keys.add(k.getKey()));
                }
            }
        }
        return keys;
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        fields.forEachRemaining(e -> names.add(e.getKey()));
        return names;
    }
}
