package io.incidentdetector.config;

import io.incidentdetector.scenario.ScenarioCatalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signed commands by default where a control topic is read; unsigned ones only when allowed, with a warning. */
class ControlAuthConfigTest {

    static final String CONTROL_TOPIC = "kafka: {enabled: true, topics: {control: ctl}}\n";

    @TempDir
    Path dir;

    private LoadedConfig load(String yaml) throws Exception {
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file.toString(), ScenarioCatalog.allNames());
    }

    @Test
    void aControlTopicWithoutKeysIsRefusedUnlessUnsignedCommandsAreAllowed() throws Exception {
        assertThatThrownBy(() -> load(CONTROL_TOPIC)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("kafka.topics.control is"
                        + " read but control.auth.keys names no key, so no command could apply. Fix: name the keys that"
                        + " sign commands (control.auth.keys: [{id: oncall, secret-env: CONTROL_KEY_ONCALL}],"
                        + " docs/control.md), or, for local use only, set control.auth.allow-unsigned: true"));
        JobConfig unsigned = load(CONTROL_TOPIC + "control: {auth: {allow-unsigned: true}}\n").config();
        assertThat(unsigned.warnings()).anySatisfy(w -> assertThat(w).startsWith("control.auth.allow-unsigned is"
                + " true: commands on kafka.topics.control apply without a signature"));
        assertThat(load("control: {auth: {allow-unsigned: true}}\n").config().warnings()).as("no control topic")
                .noneSatisfy(w -> assertThat(w).contains("allow-unsigned"));
        assertThat(load("kafka: {topics: {control: ctl}}\n").config().control().auth().keys())
                .as("a control topic without Kafka reads nothing").isEmpty();
    }

    @Test
    void keysNameWhereTheirSecretIsAndTheLimitsAreRead() throws Exception {
        ControlConfig control = load(CONTROL_TOPIC + "control:\n  auth:\n    max-age: 2min\n    keys:\n"
                + "      - {id: oncall, secret-env: CONTROL_KEY_ONCALL}\n"
                + "      - {id: ci, secret-file: /run/secrets/ci}\n"
                + "  max-commands-per-minute: 10\n  min-threshold: 2\n  max-threshold: 40\n").config().control();
        assertThat(control.auth()).isEqualTo(new ControlAuthConfig(false, Duration.ofMinutes(2), List.of(
                new ControlKeyConfig("oncall", "CONTROL_KEY_ONCALL", null),
                new ControlKeyConfig("ci", null, "/run/secrets/ci"))));
        assertThat(control.maxCommandsPerMinute()).isEqualTo(10);
        assertThat(control.minThreshold()).isEqualTo(2.0);
        assertThat(control.maxThreshold()).isEqualTo(40.0);
        ControlConfig defaults = ControlConfig.defaults();
        assertThat(defaults.auth().allowUnsigned()).isFalse();
        assertThat(defaults.auth().maxAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxCommandsPerMinute()).isEqualTo(60);

        assertThatThrownBy(() -> load(CONTROL_TOPIC + "control:\n  auth:\n    max-age: 0s\n    keys:\n"
                + "      - {id: 'on call', secret-env: A}\n      - {id: ci, secret-env: B, secret-file: /b}\n"
                + "      - {id: ci}\n  max-commands-per-minute: 0\n  min-threshold: 5\n  max-threshold: 4\n"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "control.max-commands-per-minute must be at least 1 (got 0). Fix: use e.g. 60",
                        "control.min-threshold (5.0) must be above 0 and below control.max-threshold (4.0). Fix: use"
                                + " e.g. 1 and 100",
                        "control.auth.max-age must be a positive duration (got PT0S). Fix: use e.g. 5min",
                        "control.auth.keys[0].id must be 1 to 64 letters, digits, '.', '_' or '-' (got 'on call')."
                                + " Fix: use e.g. oncall",
                        "control.auth.keys[1] needs exactly one of secret-env (an environment variable) or secret-file"
                                + " (a path) for the secret; the secret itself never goes in the configuration. Fix:"
                                + " e.g. {id: oncall, secret-env: CONTROL_KEY_ONCALL}",
                        "control.auth.keys[2] needs exactly one of secret-env (an environment variable) or secret-file"
                                + " (a path) for the secret; the secret itself never goes in the configuration. Fix:"
                                + " e.g. {id: oncall, secret-env: CONTROL_KEY_ONCALL}",
                        "control.auth.keys[2].id 'ci' names two keys. Fix: give each key its own id"));
        assertThatThrownBy(() -> load("control: {auth: {keys: [{id: x, secret: hunter2}]}}\n"))
                .as("a secret in the YAML is an unknown key")
                .hasMessageContaining("unknown key 'control.auth.keys[0].secret'");
    }
}
