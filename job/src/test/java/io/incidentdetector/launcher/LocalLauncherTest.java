package io.incidentdetector.launcher;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.scenario.ScenarioCatalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class LocalLauncherTest {

    private record Result(int exitCode, String err) {}

    private static Result run(String... args) {
        CommandLine cli = LocalLauncher.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute(args);
        return new Result(code, err.toString());
    }

    @Test
    void aBadConfigurationStopsBeforeTheJobWithTheKeyAndTheFix(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "latency:\n  window: 0s\n");
        Result result = run("--config", config.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("latency.window must be at least 1s").contains("Fix: use e.g. 10s");

        Result pair = run("--query-range", "frontend=" + config);
        assertThat(pair.exitCode()).isEqualTo(2);
        assertThat(pair.err()).contains("'frontend' is not a service pair");
    }

    @Test
    void theCommittedTrainingFilesAreExactlyWhatExportTrainingProduces(@TempDir Path dir) throws Exception {
        assertThat(run("export-training", "--out", dir.toString()).exitCode()).isZero();
        Path committed = Path.of("..", "jobs-config", "training");
        List<Path> exported;
        try (Stream<Path> files = Files.list(dir)) {
            exported = files.sorted().toList();
        }
        assertThat(exported).hasSize(ConfigLoader.load(ConfigLoader.DEFAULT_CONFIG, ScenarioCatalog.allNames()).config()
                .latency().pairs().size());
        for (Path file : exported) {
            assertThat(file).hasSameBinaryContentAs(committed.resolve(file.getFileName()));
            try (InputStream in = Files.newInputStream(file)) {
                List<QueryRangeSample> samples = QueryRangeFiles.readSingleSeries(in, file.toString());
                assertThat(samples).hasSize(720); // two hours of 10 s windows
            }
        }
    }

    @Test
    void canaryInputProblemsStopTheLauncherWithTheFileOrOption(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("bad-header.csv"), "Timestamp,Build_Version,Code2\n0:00:01,5.1,3\n");
        Result header = run("--errors-csv", csv.toString(), "--out", dir.toString());
        assertThat(header.exitCode()).isEqualTo(2);
        assertThat(header.err()).contains(csv.toString()).contains("unusable header")
                .contains("Timestamp, Build_Version, Error_Code");

        Result mode = run("--errors-csv", csv.toString(), "--mode", "fast");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("invalid option --mode").contains("use rate or seed-compatible");

        Path threeBuilds = Files.writeString(dir.resolve("three.csv"),
                "Timestamp,Build_Version,Error_Code\n0:00:01,5.1,3\n0:00:02,5.2,3\n0:00:03,5.3,1\n");
        Result builds = run("--errors-csv", threeBuilds.toString());
        assertThat(builds.exitCode()).isEqualTo(2);
        assertThat(builds.err()).contains("the input has 3 builds [5.1, 5.2, 5.3]")
                .contains("set canary.baseline-build and canary.canary-build");
    }

    @Test
    void exportTrainingRefusesAScenarioWithFaults(@TempDir Path dir) {
        Result result = run("export-training", "--scenario", "single-delay", "--out", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("training data must be fault-free");
    }
}
