package io.incidentdetector.config;

import io.incidentdetector.scenario.ScenarioCatalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Durations left unset suit any window; set ones are checked against the window, with a fix that suits it. */
class StepDurationsTest {

    @ParameterizedTest(name = "at windows of {0}: pair TTL {1}, new normal after {2} windows")
    @CsvSource({"10s, 1h, 360", "30s, 1h, 120", "1min, 1h, 60", "5min, 5h, 12", "1h, 60h, 12"})
    void unsetDurationsAreTheShippedTimesWithAFloorInWindows(String window, String ttl, int newNormal) {
        LatencyConfig latency = LatencyConfig.defaults().withWindow(parse(window));
        assertThat(latency.pairTtl()).isEqualTo(parse(ttl));
        assertThat(latency.model().newNormalWindowsAt(latency.window())).isEqualTo(newNormal);
    }

    @Test
    void theShippedConfigurationSetsNoDurationThatAnHourlyStepWouldRefuse() {
        LatencyConfig shipped = ConfigLoader.load(ConfigLoader.DEFAULT_CONFIG, ScenarioCatalog.allNames()).config()
                .latency().withWindow(Duration.ofHours(1));
        Problems problems = new Problems();
        shipped.check(problems, ConfigLocation.bundled(ConfigLoader.DEFAULT_CONFIG));
        assertThat(problems.list()).isEmpty();
        assertThat(shipped.pairTtl()).isEqualTo(Duration.ofHours(60));
        assertThat(shipped.model().warmupWindowsAt(shipped.window())).isEqualTo(10);
        assertThat(shipped.incidents().openAfterWindows(shipped.window())).isEqualTo(1);
    }

    @Test
    void aSetDurationTooShortForTheStepIsRefusedWithAFixThatWorksAtThatStep(@TempDir Path dir) throws IOException {
        Path file = latency(dir.resolve("hourly.yaml"), "window: 1h", "pair-ttl: 1h", "model: {new-normal-after: 1h}");
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("latency.pair-ttl (1 h) must be at least 2 windows (2 h at the window of 1 h)")
                .hasMessageContaining("Fix: use 60 h, or remove the key")
                .hasMessageContaining("latency.model.new-normal-after (1 h) must be at least 12 windows (12 h at the"
                        + " window of 1 h)")
                .hasMessageContaining("Fix: use 12 h, or remove the key");

        latency(file, "window: 1h", "pair-ttl: 60 h", "model: {new-normal-after: 12 h}");
        LatencyConfig fixed = load(file).config().latency();
        assertThat(fixed.pairTtl()).isEqualTo(Duration.ofHours(60));
        assertThat(fixed.model().newNormalWindowsAt(fixed.window())).isEqualTo(12);
    }

    @Test
    void aSampleCountsAsAtMostTheSampleCapOfEvidenceHoweverLongItsStep(@TempDir Path dir) throws IOException {
        AccumulatorConfig shipped = ConfigLoader.load(ConfigLoader.DEFAULT_CONFIG, ScenarioCatalog.allNames()).config()
                .latency().accumulator();
        assertThat(shipped.sampleCap()).isEqualTo(Duration.ofMinutes(1));
        assertThat(shipped.unitsPer(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(shipped.unitsPer(Duration.ofMinutes(1))).isEqualTo(6);
        // one 5-minute or hourly sample is one sample: as much heat as one 1-minute sample, not 30 or 360 units
        assertThat(shipped.unitsPer(Duration.ofMinutes(5))).isEqualTo(6);
        assertThat(shipped.unitsPer(Duration.ofHours(1))).isEqualTo(6);
        assertThat(shipped.withSampleCap(Duration.ofMinutes(5)).unitsPer(Duration.ofHours(1))).isEqualTo(30);

        Path file = latency(dir.resolve("cap.yaml"), "accumulator: {unit: 10s, sample-cap: 5s}");
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("latency.accumulator.sample-cap (5 s) must be at least latency.accumulator.unit"
                        + " (10 s). Fix: use 1min");
    }

    @Test
    void rareExcursionSettingsAreChecked(@TempDir Path dir) throws IOException {
        Path often = latency(dir.resolve("often.yaml"), "accumulator: {rare-once-in: 10min}");
        assertThatThrownBy(() -> load(often))
                .hasMessageContaining("latency.accumulator.rare-once-in must be at least 1h, or 0s")
                .hasMessageContaining("(got 10 min)");
        Path beyond = latency(dir.resolve("beyond.yaml"), "accumulator: {rare-beyond: 0.2}");
        assertThatThrownBy(() -> load(beyond)).hasMessageContaining("latency.accumulator.rare-beyond must be between 1");
        Path after = latency(dir.resolve("after.yaml"), "accumulator: {rare-after-windows: 3}");
        assertThatThrownBy(() -> load(after))
                .hasMessageContaining("latency.accumulator.rare-after-windows must be at least 10 (got 3)");
        assertThat(AccumulatorConfig.defaults().rareBelow(Duration.ofMinutes(5))).as("5 min in 100 d")
                .isCloseTo(1 / 28800.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(load(latency(dir.resolve("ok.yaml"), "accumulator: {rare-once-in: 30d, rare-beyond: 4,"
                + " rare-after-windows: 100}")).config().latency().accumulator().rareBeyond()).isEqualTo(4.0);
    }

    @Test
    void aGapHoldsHeatUntilThePairTtlUnlessGapWindowsIsSet(@TempDir Path dir) throws IOException {
        assertThat(LatencyConfig.defaults().gapHoldWindows()).isEqualTo(360);
        assertThat(LatencyConfig.defaults().withWindow(Duration.ofHours(1)).gapHoldWindows()).isEqualTo(60);
        Path file = latency(dir.resolve("gaps.yaml"), "window: 1min", "pair-ttl: 3min",
                "accumulator: {gap-windows: 3}");
        assertThatThrownBy(() -> load(file))
                .hasMessageContaining("latency.pair-ttl (3 min) must be at least 4 windows (4 min at the window of"
                        + " 1 min), or pairs are forgotten during gaps. Fix: use 1 h");
    }

    @Test
    void aSetDurationIsTakenAsWritten(@TempDir Path dir) throws IOException {
        Path file = latency(dir.resolve("short.yaml"), "window: 10s", "pair-ttl: 5min",
                "model: {new-normal-after: 3min}");
        LatencyConfig latency = load(file).config().latency();
        assertThat(latency.pairTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(latency.model().newNormalWindowsAt(latency.window())).isEqualTo(18);
    }

    /** Writes a configuration with these lines under {@code latency:}. */
    private static Path latency(Path file, String... lines) throws IOException {
        return Files.writeString(file, "latency:\n  " + String.join("\n  ", lines) + "\n");
    }

    private static LoadedConfig load(Path file) {
        return ConfigLoader.load(file.toString(), ScenarioCatalog.allNames());
    }

    private static Duration parse(String text) {
        return org.apache.flink.util.TimeUtils.parseDuration(text);
    }
}
