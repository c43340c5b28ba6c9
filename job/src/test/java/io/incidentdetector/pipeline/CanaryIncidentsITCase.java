package io.incidentdetector.pipeline;

import io.incidentdetector.canary.alert.AlertStatus;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sustained canary regressions promoted to ERROR_RATE incidents by CEP, at parallelism 2 on two TaskManagers. */
class CanaryIncidentsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path out;

    <T> List<T> read(String file, Class<T> type) throws Exception {
        List<T> records = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(file))) {
            records.add(JsonCodec.mapper().readValue(line, type));
        }
        return records;
    }

    void run(String scenario) throws Exception {
        RunOptions options = new RunOptions();
        options.scenario = scenario;
        options.out = out;
        options.quiet = true;
        options.parallelism = 2;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        env.execute(scenario);
    }

    @Test
    void aCleanCanaryRaisesNoAlertAndNoIncident() throws Exception {
        run("canary-clean");
        assertThat(read(OutputFiles.ALERTS, CanaryAlert.class)).isEmpty();
        assertThat(read(OutputFiles.INCIDENTS, Incident.class)).isEmpty();
        assertThat(read("heatmap-cells.jsonl", io.incidentdetector.canary.BinCell.class)).hasSize(6 * 79);
    }

    @Test
    void aSustainedRegressionOpensEscalatesAndResolvesOneErrorRateIncident() throws Exception {
        run("canary-regression");
        List<Incident> incidents = read(OutputFiles.INCIDENTS, Incident.class);
        assertThat(incidents).extracting(Incident::kind).containsOnly(IncidentKind.ERROR_RATE);
        assertThat(incidents).extracting(Incident::id).containsOnly(incidents.get(0).id());
        assertThat(incidents.get(0).status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incidents.get(0).severity()).isEqualTo(Severity.SEV2);
        assertThat(incidents.get(0).subjects())
                .containsExactlyInAnyOrder("code 4", "canary 5.0007.610.011", "baseline 5.0007.510.011");
        assertThat(incidents.get(0).evidence()).singleElement().satisfies(e -> {
            assertThat(e.subject()).isEqualTo("code 4");
            assertThat(e.value()).isGreaterThan(e.threshold());
            assertThat(e.canaryCount()).isGreaterThan(e.baselineCount());
        });
        // code 4 triples from 10:00: detected within 8 minutes (a full 5-bin window, then 3 bins sustained)
        assertThat(incidents.get(0).openedAt()).isAfter(START.plusSeconds(600))
                .isBeforeOrEqualTo(START.plusSeconds(600 + 8 * 60));
        // one episode, in order, no flapping: opened once, updated (code 7 joins, SEV1), resolved once
        assertThat(incidents).extracting(Incident::status).startsWith(IncidentStatus.OPEN).endsWith(IncidentStatus.RESOLVED)
                .containsOnlyOnce(IncidentStatus.OPEN, IncidentStatus.RESOLVED).contains(IncidentStatus.UPDATED);
        Incident last = incidents.get(incidents.size() - 1);
        assertThat(last.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last.severity()).isEqualTo(Severity.SEV1);
        assertThat(last.subjects()).contains("code 4", "code 7");
        assertThat(last.resolvedAt()).isAfter(START.plusSeconds(1500)).isBefore(START.plusSeconds(1500 + 10 * 60));

        List<CanaryAlert> alerts = read(OutputFiles.ALERTS, CanaryAlert.class);
        assertThat(alerts).extracting(CanaryAlert::code).containsOnly(4, 7);
        assertThat(alerts).filteredOn(a -> a.status() == AlertStatus.ACTIVE).hasSize(4);
        assertThat(alerts).filteredOn(a -> a.status() == AlertStatus.CLEARED).hasSize(4);
    }
}
