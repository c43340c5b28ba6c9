package io.incidentdetector.plan;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunRequestTest {

    @Test
    void aScenarioRequestAsksForTheScenarioAndSeedOnly() {
        RunRequest request = RunRequest.scenario("local.yaml", "mesh", 3L);
        assertThat(request.scenario()).isEqualTo("mesh");
        assertThat(request.seed()).isEqualTo(3L);
        assertThat(request.queryRange()).isEmpty();
        assertThat(request.events()).isEmpty();
        assertThat(request.alertmanager()).isEmpty();
        assertThat(request.out()).isNull();
        assertThat(request.parallelism()).isNull();
        assertThat(request.quiet()).isFalse();
        assertThat(request.kafka() || request.onCluster() || request.table()).isFalse();
    }

    @Test
    void aReplayRequestKeepsItsFilesAndQuietlyToChangesOnlyOutputParallelismAndConsole() {
        Map<String, Path> live = Map.of("a:b", Path.of("live.json"));
        Map<String, Path> training = Map.of("a:b", Path.of("training.json"));
        RunRequest replay = RunRequest.replay("other.yaml", live, training);
        RunRequest quiet = replay.quietlyTo(Path.of("out"), 1);
        assertThat(quiet.config()).isEqualTo("other.yaml");
        assertThat(quiet.scenario()).isNull();
        assertThat(quiet.queryRange()).isEqualTo(live);
        assertThat(quiet.training()).isEqualTo(training);
        assertThat(quiet.out()).isEqualTo(Path.of("out"));
        assertThat(quiet.parallelism()).isEqualTo(1);
        assertThat(quiet.quiet()).isTrue();
        assertThat(quiet).isEqualTo(new RunRequest("other.yaml", null, null, Path.of("out"), null, live, training,
                null, null, null, null, null, null, false, null, false, null, 1, false, true, false, null));
    }
}
