package io.incidentdetector.plan;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.testing.RequiredBinary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupChecksTest {

    @Test
    void aRunThatReadsNoServerAsksNone(@TempDir Path dir) throws Exception {
        RunOptions options = new RunOptions();
        // Kafka and Prometheus at free ports, where nothing answers: asking either would fail
        options.config = Files.writeString(dir.resolve("run.yaml"), "kafka:\n  bootstrap-servers: 127.0.0.1:"
                + RequiredBinary.freePort() + "\nprometheus:\n  url: http://127.0.0.1:" + RequiredBinary.freePort()
                + "\n").toString();
        options.events = List.of(Files.writeString(dir.resolve("events.jsonl"), ""));
        RunPlan plan = RunPlans.from(options.toRequest());
        assertThatCode(() -> StartupChecks.run(plan)).doesNotThrowAnyException();
    }

    @Test
    void aPrometheusServerThatDoesNotAnswerFailsTheStartNamingTheKey() throws Exception {
        RunOptions options = new RunOptions();
        options.prometheus = "http://127.0.0.1:" + RequiredBinary.freePort();
        RunPlan plan = RunPlans.from(options.toRequest());
        assertThatThrownBy(() -> StartupChecks.run(plan)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("prometheus.url").hasMessageContaining("Fix: start the server");
    }
}
