package io.incidentdetector.launcher.progress;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.plan.RunRequest;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void aRunIsNamedByItsScenarioOrItsReplayedPairs() {
        assertThat(Progress.name(RunPlans.from(RunRequest.scenario("local.yaml", "demo", 3L))))
                .isEqualTo("scenario demo seed 3");
        RunOptions replay = new RunOptions();
        replay.queryRange.put("frontend:cartservice", Path.of("../jobs-config/training/frontend_cartservice.json"));
        assertThat(Progress.name(RunPlans.from(replay.toRequest()))).isEqualTo("replay of frontend->cartservice");
    }

    @Test
    void onlyARunThatEndsByItselfGetsProgressLines() {
        assertThat(Progress.ends(RunPlans.from(RunRequest.scenario("local.yaml", "demo", 3L)))).isTrue();
        RunOptions kafka = new RunOptions();
        kafka.kafka = true;
        assertThat(Progress.ends(RunPlans.from(kafka.toRequest()))).as("runs until Ctrl-C").isFalse();
        kafka.bounded = true;
        assertThat(Progress.ends(RunPlans.from(kafka.toRequest()))).as("--bounded").isTrue();
    }
}
