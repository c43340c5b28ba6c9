package io.incidentdetector.deploy;

import io.incidentdetector.config.JobConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.incidentdetector.deploy.DeploymentFilesTest.DOCKER;
import static io.incidentdetector.deploy.DeploymentFilesTest.YAML;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker/k8s/ cannot be applied here (no cluster), so the FlinkDeployment is validated against the CRD schema that
 * the Flink Kubernetes Operator publishes in its API artifact, and the PodMonitor, the ConfigMap and the image are
 * checked against the FlinkDeployment and the build.
 */
class KubernetesKitTest {

    static final Path K8S = DOCKER.resolve("k8s");
    static final String CRD = "META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml";

    @Test
    void theFlinkDeploymentIsValidForTheOperatorsCrd() throws IOException {
        JsonNode deployment = read("flinkdeployment.yaml");
        JsonNode crd = crd();
        assertThat(deployment.get("apiVersion").asText())
                .isEqualTo(crd.at("/spec/group").asText() + "/" + servedVersion(crd).get("name").asText());
        assertThat(deployment.get("kind").asText()).isEqualTo(crd.at("/spec/names/kind").asText());
        assertThat(problems(deployment)).isEmpty();
    }

    @Test
    void theSchemaRejectsAWrongFieldAValueOutsideItsEnumAndANumberInTheFlinkConfiguration() throws IOException {
        ObjectNode misspelt = (ObjectNode) read("flinkdeployment.yaml");
        ((ObjectNode) misspelt.at("/spec/taskManager")).set("resources", misspelt.at("/spec/taskManager/resource"));
        assertThat(problems(misspelt)).anySatisfy(p -> assertThat(p).contains("resources"));

        ObjectNode badMode = (ObjectNode) read("flinkdeployment.yaml");
        ((ObjectNode) badMode.at("/spec/job")).put("upgradeMode", "snapshot");
        assertThat(problems(badMode)).anySatisfy(p -> assertThat(p).contains("upgradeMode"));

        ObjectNode unquoted = (ObjectNode) read("flinkdeployment.yaml");
        ((ObjectNode) unquoted.at("/spec/flinkConfiguration")).put("taskmanager.numberOfTaskSlots", 2);
        assertThat(problems(unquoted)).anySatisfy(p -> assertThat(p).contains("taskmanager.numberOfTaskSlots"));
    }

    /** The image is Flink 2.2; the operator's CRD may know no 2.x value: then the newest it knows, until it does. */
    @Test
    void flinkVersionIsTheNewestTheCrdKnowsAndFlinkStillReadsTheOldSavepointKey() throws IOException {
        List<String> known = JobArguments.texts(servedVersion(crd())
                .at("/schema/openAPIV3Schema/properties/spec/properties/flinkVersion/enum"));
        String newest = known.stream().filter(v -> order(v) <= order("v2_2"))
                .max((a, b) -> Integer.compare(order(a), order(b))).orElseThrow();
        assertThat(read("flinkdeployment.yaml").at("/spec/flinkVersion").asText()).isEqualTo(newest);
        if (!newest.startsWith("v2_")) {
            assertThat(StateRecoveryOptions.SAVEPOINT_PATH.fallbackKeys())
                    .anySatisfy(k -> assertThat(k.getKey()).isEqualTo("execution.savepoint.path"));
        }
    }

    @Test
    void checkpointsAndHighAvailabilityOnS3HaveThePluginOfTheImagesFlink() throws IOException {
        JsonNode spec = read("flinkdeployment.yaml").get("spec");
        JsonNode flink = spec.get("flinkConfiguration");
        assertThat(flink.get("high-availability.type").asText()).isEqualTo("kubernetes");
        List<String> s3 = List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir");
        s3.forEach(key -> assertThat(flink.get(key).asText()).as(key).startsWith("s3://"));
        String plugins = env(spec).get("ENABLE_BUILT_IN_PLUGINS");
        assertThat(plugins).isEqualTo("flink-s3-fs-presto-" + flinkVersion() + ".jar");
        String from = Files.readAllLines(DOCKER.resolve("Dockerfile")).stream().filter(l -> l.startsWith("FROM "))
                .findFirst().orElseThrow();
        assertThat(from).isEqualTo("FROM flink:" + flinkVersion() + "-java17");
    }

    /** BENCHMARKS.md: a slot per core; the job's parallelism fills whole TaskManagers. */
    @Test
    void resourcesGiveEverySlotACore() throws IOException {
        JsonNode spec = read("flinkdeployment.yaml").get("spec");
        int slots = spec.at("/flinkConfiguration/taskmanager.numberOfTaskSlots").asInt();
        assertThat(spec.at("/taskManager/resource/cpu").asDouble()).isEqualTo(slots);
        assertThat(spec.at("/job/parallelism").asInt() % slots).isZero();
        assertThat(spec.at("/taskManager/resource/memory").asText()).isEqualTo("2048m");
    }

    @Test
    void thePodMonitorScrapesThePodsOfTheDeploymentOnTheReportersPort() throws IOException {
        JsonNode monitor = read("podmonitor.yaml");
        JsonNode deployment = read("flinkdeployment.yaml");
        assertThat(monitor.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.get("kind").asText()).isEqualTo("PodMonitor");
        Map<String, String> selector = strings(monitor.at("/spec/selector/matchLabels"));
        assertThat(selector).isNotEmpty();
        assertThat(strings(deployment.at("/spec/podTemplate/metadata/labels"))).containsAllEntriesOf(selector);
        JsonNode container = mainContainer(deployment.get("spec"));
        int reporter = Integer.parseInt(deployment.at("/spec/flinkConfiguration/metrics.reporter.prom.port").asText());
        List<String> endpoints = new ArrayList<>();
        monitor.at("/spec/podMetricsEndpoints").forEach(e -> endpoints.add(e.get("port").asText()));
        assertThat(endpoints).isNotEmpty().allSatisfy(name -> {
            JsonNode port = named(container.get("ports"), name);
            assertThat(port.get("containerPort").asInt()).isEqualTo(reporter);
        });
    }

    @Test
    void theJobReadsAValidConfigurationFromTheConfigMap(@TempDir Path tmp) throws IOException {
        JsonNode deployment = read("flinkdeployment.yaml");
        JsonNode configMap = read("job-config.yaml");
        assertThat(configMap.get("kind").asText()).isEqualTo("ConfigMap");
        JsonNode spec = deployment.get("spec");
        JsonNode volume = named(spec.at("/podTemplate/spec/volumes"), "job-config");
        assertThat(volume.at("/configMap/name").asText()).isEqualTo(configMap.at("/metadata/name").asText());
        JsonNode mount = named(mainContainer(spec).get("volumeMounts"), "job-config");
        List<String> args = JobArguments.texts(spec.at("/job/args"));
        String path = JobArguments.configPath(args);
        String key = path.substring(path.lastIndexOf('/') + 1);
        assertThat(path).isEqualTo(mount.get("mountPath").asText() + "/" + key);
        assertThat(configMap.get("data").has(key)).isTrue();

        Path copy = Files.writeString(tmp.resolve(key), configMap.get("data").get(key).asText());
        JobConfig config = JobArguments.plan(args, copy);
        assertThat(config.kafka().enabled()).isTrue();
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(config.kafka().topics().otlpSpans()).containsExactly("otlp_spans");
        assertThat(config.job().checkpointInterval()).isEqualTo(
                TimeUtils.parseDuration(spec.at("/flinkConfiguration/execution.checkpointing.interval").asText()));
    }

    /** Every problem the operator's CRD schema finds in the document's spec, unknown fields included. */
    static List<String> problems(JsonNode deployment) throws IOException {
        JsonNode specSchema = servedVersion(crd()).at("/schema/openAPIV3Schema/properties/spec").deepCopy();
        closeObjects(specSchema);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(specSchema);
        Set<ValidationMessage> messages = schema.validate(deployment.get("spec"));
        return messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }

    /**
     * kubectl's strict field validation (its default) refuses fields a structural schema does not declare; in JSON
     * Schema that is {@code additionalProperties: false} on every object that lists its properties. The
     * {@code x-kubernetes-*} markers are no JSON Schema keywords and are dropped.
     */
    static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields"));
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(KubernetesKitTest::closeObjects);
        } else if (node != null && node.isArray()) {
            node.forEach(KubernetesKitTest::closeObjects);
        }
    }

    static JsonNode crd() throws IOException {
        try (InputStream in = KubernetesKitTest.class.getClassLoader().getResourceAsStream(CRD)) {
            assertThat(in).as(CRD + " from flink-kubernetes-operator-api").isNotNull();
            return YAML.readTree(in);
        }
    }

    static JsonNode servedVersion(JsonNode crd) {
        for (JsonNode version : crd.at("/spec/versions")) {
            if (version.get("served").asBoolean() && version.get("storage").asBoolean()) {
                return version;
            }
        }
        throw new AssertionError("the CRD serves no storage version");
    }

    static String flinkVersion() throws IOException {
        Matcher m = Pattern.compile("<flink.version>([^<]+)</flink.version>")
                .matcher(Files.readString(DOCKER.resolveSibling("pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    static JsonNode read(String file) throws IOException {
        return YAML.readTree(K8S.resolve(file).toFile());
    }

    static JsonNode mainContainer(JsonNode spec) {
        return named(spec.at("/podTemplate/spec/containers"), "flink-main-container");
    }

    static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError("nothing named '" + name + "' in " + list);
    }

    static Map<String, String> env(JsonNode spec) {
        Map<String, String> env = new HashMap<>();
        mainContainer(spec).get("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText(null)));
        return env;
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        fields.forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** v1_20 before v2_0 before v2_2: by major, then minor. */
    static int order(String version) {
        String[] parts = version.substring(1).split("_");
        return Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]);
    }
}
