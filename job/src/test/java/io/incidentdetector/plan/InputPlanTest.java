package io.incidentdetector.plan;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.ScenarioCatalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link RunPlans} decides about a run's inputs: one kind, with what that kind needs. */
class InputPlanTest {

    @Test
    void aScenarioRunsThePipelinesItSimulates() {
        for (String scenario : ScenarioCatalog.allNames()) {
            RunOptions options = new RunOptions();
            options.scenario = scenario;
            assertThat(RunPlans.from(options.toRequest()).inputs()).as(scenario).isEqualTo(new InputPlan.Generator(
                    ScenarioCatalog.find(scenario).isPresent(), CanaryScenarios.find(scenario).isPresent()));
        }
    }

    @Test
    void eventsFilesFeedTheLatencyPipelineOnly(@TempDir Path dir) throws Exception {
        RunOptions options = new RunOptions();
        options.events = List.of(Files.writeString(dir.resolve("events.jsonl"), ""));
        InputPlan in = RunPlans.from(options.toRequest()).inputs();
        assertThat(in).isInstanceOf(InputPlan.Files.class);
        assertThat(in.latency()).isTrue();
        assertThat(in.canary()).isFalse();
        assertThat(in.clockLabels()).isFalse();
        assertThat(in.prometheus()).isEmpty();
    }

    @Test
    void aPrometheusRunIsReadFromTheStepDueWhenItIsPlanned() {
        RunOptions options = new RunOptions();
        options.prometheus = "http://127.0.0.1:9090";
        Instant before = Instant.now();
        RunPlan plan = RunPlans.from(options.toRequest());
        Instant after = Instant.now();
        InputPlan.Prometheus in = (InputPlan.Prometheus) plan.inputs();
        assertThat(in.plannedAt()).isBetween(before, after);
        assertThat(in.latency()).isTrue();
        assertThat(in.canary()).isFalse();
        assertThat(in.prometheus()).contains(in);
        assertThat(in.firstStep(plan.config().prometheus()))
                .isEqualTo(plan.config().prometheus().firstStep(in.plannedAt()))
                .isLessThanOrEqualTo(after.toEpochMilli());
    }

    @Test
    void aBadPrometheusStartIsReportedNamingTheKeyBeforeAnyStepIsWorkedOut(@TempDir Path dir) throws Exception {
        RunOptions options = new RunOptions();
        options.config = Files.writeString(dir.resolve("bad.yaml"), "prometheus:\n  start: yesterday\n").toString();
        options.prometheus = "http://127.0.0.1:9090";
        assertThatThrownBy(() -> RunPlans.from(options.toRequest())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("prometheus.start must be now or an ISO-8601 time");
    }
}
