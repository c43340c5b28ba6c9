package io.incidentdetector.launcher.state;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyFingerprintTest {

    static RunPlan kafkaRun(Path config) {
        RunOptions options = new RunOptions();
        options.kafka = true;
        if (config != null) {
            options.config = config.toString();
        }
        return RunPlans.from(options.toRequest());
    }

    @Test
    void itNamesTheInputsAndOutputsAndNoAddressOrSecret() {
        TopologyFingerprint fingerprint = TopologyFingerprint.of(kafkaRun(null));
        assertThat(fingerprint.settings()).containsEntry("input", "kafka")
                .containsEntry("kafka.topics.service-calls", "[service-calls]")
                .containsEntry("kafka.topics.client-errors", "[client-errors]")
                .containsEntry("kafka.topics.control", "null")
                .containsEntry("kafka.delivery-guarantee", "exactly-once")
                .containsEntry("alertmanager.enabled", "false")
                .containsEntry("job.parallelism", "2")
                .containsEntry("latency.window", "PT10S")
                .doesNotContainKey("output.dir");
        assertThat(fingerprint.settings().toString()).doesNotContain("9092").doesNotContain("bootstrap");
    }

    @Test
    void itReadsBackAsWrittenAndSaysWhatChanged(@TempDir Path dir) throws Exception {
        TopologyFingerprint before = TopologyFingerprint.of(kafkaRun(null));
        before.write(dir.resolve("topology.properties"));
        assertThat(TopologyFingerprint.read(dir.resolve("topology.properties"))).contains(before);
        assertThat(TopologyFingerprint.read(dir.resolve("missing.properties"))).isEmpty();

        Path config = Files.writeString(dir.resolve("no-canary.yaml"), "kafka: {topics: {client-errors: []}}\n"
                + "job: {parallelism: 1, checkpoint-interval: 5s}\n");
        TopologyFingerprint now = TopologyFingerprint.of(kafkaRun(config));
        assertThat(now.changesSince(before)).contains("kafka.topics.client-errors: [client-errors] -> []",
                "job.parallelism: 2 -> 1");
        assertThat(before.changesSince(before)).isEmpty();
    }
}
