package io.incidentdetector.evaluate;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.plan.InputPlan;
import io.incidentdetector.plan.RunPlan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Your own history scored with a job that runs nothing: the replay it plans and the span it scores over. */
class OwnHistoryTest {

    private static final Instant T0 = Instant.parse("2026-01-02T00:00:00Z");

    @Test
    void replaysTheExportsIntoOwnAndScoresTheLabelsOverTheSpanOfTheSamples(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("frontend_cartservice.json");
        List<QueryRangeSample> samples = new ArrayList<>();
        for (int minute = 0; minute <= 120; minute++) {
            samples.add(new QueryRangeSample(T0.plusSeconds(60L * minute).toEpochMilli(), 5.0));
        }
        try (OutputStream out = Files.newOutputStream(export)) {
            QueryRangeFiles.writeSingleSeries(out, Map.of("source_workload", "frontend",
                    "destination_workload", "cartservice"), samples);
        }
        Path labels = dir.resolve("faults.csv");
        Files.writeString(labels, "start,end,target\n2026-01-02T00:30:00Z,2026-01-02T00:33:00Z,cartservice\n"
                + "2026-01-02T00:40:00Z,2026-01-02T00:50:00Z,code:4\n");
        List<RunPlan> plans = new ArrayList<>();

        Map<String, Scorecard> suites = new OwnHistory(labels, Map.of("frontend:cartservice", export), Map.of())
                .score(new EvaluationRuns("local.yaml", plans::add), Duration.ofMinutes(5), dir);

        assertThat(plans).singleElement().satisfies(p -> {
            assertThat(p.config().output().dir()).isEqualTo(dir.resolve("own").toString());
            assertThat(((InputPlan.Files) p.inputs()).queryRange()).containsOnlyKeys("frontend->cartservice");
        });
        assertThat(suites).containsOnlyKeys("your history (faults.csv)");
        Scorecard.Tally t = suites.get("your history (faults.csv)").tally(IncidentKind.LATENCY);
        assertThat(t.faults).as("the code: label is not scored").isEqualTo(1);
        assertThat(t.missed).singleElement().asString().startsWith("faults.csv: service cartservice");
        assertThat(t.hours).isEqualTo(2.0);
    }

    @Test
    void withoutExportsThereIsNothingToScore(@TempDir Path dir) {
        assertThatThrownBy(() -> new OwnHistory(dir.resolve("faults.csv"), Map.of(), Map.of())
                .score(new EvaluationRuns("local.yaml", plan -> {}), Duration.ofMinutes(5), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--query-range frontend:cartservice=");
    }
}
