package io.incidentdetector.evaluate;

import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.plan.InputPlan;
import io.incidentdetector.plan.RunPlan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick matrix with a job that runs nothing: which runs it plans, and how it scores a run without incidents. */
class EvaluationMatrixTest {

    @Test
    void theQuickMatrixPlansQuietRunsAtParallelismOneEachIntoItsOwnFolder(@TempDir Path dir) throws Exception {
        List<RunPlan> plans = new ArrayList<>();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        EvaluationMatrix matrix = new EvaluationMatrix(new EvaluationRuns("local.yaml", plans::add), true,
                Duration.ofMinutes(5), new PrintStream(progress, true, StandardCharsets.UTF_8));

        Map<String, Scorecard> suites = matrix.run(List.of(1L), dir);

        assertThat(suites).containsOnlyKeys("mesh, 10 s windows", "replay, 1-minute steps", "canary, 30 s bins",
                "fault-free");
        assertThat(plans).extracting(p -> p.config().output().dir()).containsExactly(
                dir.resolve("eval-mesh-quick-1").toString(), dir.resolve("replay-1").resolve("output").toString(),
                dir.resolve("eval-canary-1").toString());
        assertThat(plans).allSatisfy(p -> {
            assertThat(p.quiet()).isTrue();
            assertThat(p.table()).isFalse();
            assertThat(p.config().output().verdicts()).isFalse();
            assertThat(p.config().job().parallelism()).isEqualTo(1);
        });
        assertThat(plans.get(0).config().scenario().name()).isEqualTo("eval-mesh-quick");
        assertThat(plans.get(0).config().scenario().seed()).isEqualTo(1L);
        assertThat(((InputPlan.Files) plans.get(1).inputs()).queryRange()).hasSize(14).containsKey("frontend->cartservice");

        Scorecard.Tally mesh = suites.get("mesh, 10 s windows").tally(IncidentKind.LATENCY);
        assertThat(mesh.faults).as("3 on a service, 3 on a pair, a caller's CPU, a pod's network").isEqualTo(8);
        assertThat(mesh.caught).as("nothing ran").isZero();
        assertThat(suites.get("canary, 30 s bins").tally(IncidentKind.ERROR_RATE).faults).isEqualTo(8);
        assertThat(suites.get("fault-free").tallies()).as("not in the quick matrix").isEmpty();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains(
                "evaluate: eval-mesh-quick, seed 1 (", "evaluate: replay-1, a 14-edge export (PT10H30M live");
    }
}
