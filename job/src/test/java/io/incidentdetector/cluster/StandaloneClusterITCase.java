package io.incidentdetector.cluster;

import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.kafka.KafkaBroker;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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

    @TempDir
    static Path state;
    static LocalFlinkCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        Path jar = LocalFlinkCluster.JOB_JAR;
        assertThat(jar).exists();
        // the cluster jar carries the job, not the local launcher's commands or its heatmap picture
        try (java.util.jar.JarFile entries = new java.util.jar.JarFile(jar.toFile())) {
            assertThat(entries.stream().map(java.util.jar.JarEntry::getName))
                    .contains("io/incidentdetector/IncidentDetectorJob.class", "io/incidentdetector/cli/RunOptions.class")
                    .noneMatch(name -> name.startsWith("io/incidentdetector/launcher/"))
                    .noneMatch(name -> name.startsWith("io/incidentdetector/canary/heatmap/"));
        }
        // the MiniCluster tests use the heap state backend; this one runs on RocksDB
        cluster = new LocalFlinkCluster(state, Map.of("FLINK_STATE_BACKEND", "rocksdb"));
        assertThat(cluster.start()).contains("Flink cluster running", "2 TaskManagers", "state backend rocksdb",
                "no high availability");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void theJobRunsOnBothTaskManagersAndItsIncidentsComeOut() throws Exception {
        for (String topic : List.of("service-calls", "client-errors", "canary-alerts", "dead-letters")) {
            BROKER.createTopic(topic, 2, Map.of());
        }
        BROKER.createTopic("incidents", 1, Map.of("cleanup.policy", "compact"));

        String job = cluster.submit(List.of(), "--kafka", "--bootstrap-servers", BROKER.bootstrapServers(), "--quiet");
        cluster.awaitAllTasksRunning(job, Duration.ofMinutes(1));

        // every keyed stage has one subtask on each TaskManager
        JsonNode vertices = cluster.rest("/jobs/" + job).get("vertices");
        int checked = 0;
        for (JsonNode vertex : vertices) {
            String name = vertex.get("name").asText();
            if (name.startsWith("pair accumulators") || name.startsWith("judge against baseline")
                    || name.startsWith("latency incident lifecycle")) {
                Set<String> taskManagers = new HashSet<>();
                for (JsonNode tm : cluster.rest("/jobs/" + job + "/vertices/" + vertex.get("id").asText()
                        + "/taskmanagers").get("taskmanagers")) {
                    assertThat(tm.get("status").asText()).isEqualTo("RUNNING");
                    taskManagers.add(tm.get("taskmanager-id").asText());
                }
                assertThat(taskManagers).as(name).hasSize(2);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3);
        assertThat(cluster.rest("/taskmanagers").get("taskmanagers")).hasSize(2);

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

        assertThat(cluster.script(Duration.ofMinutes(1), "cli", "cancel", job).exitCode()).isZero();
        cluster.awaitState(job, "CANCELED");
    }
}
