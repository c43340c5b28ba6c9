package io.incidentdetector.pipeline;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.canary.alert.AlertStatus;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.canary.SeedScript;
import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.SeedCsvErrorParser;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code seed-compatible} mode, run as a user runs it (the whole job at parallelism 2 on a CSV file), prints exactly
 * the alert lines of the error-stream script. The files are made here in the shapes of the script's two sample
 * files: one hour, 14,000 rows, two builds, many rows per second, some codes regressing in the new build, the last
 * rows at 1:00:00 (so the dropped last second would close a bin); set A tab-separated with bare CR line endings and
 * no final line ending, set B comma-separated with LF; both with a byte-order mark. The expectation comes from
 * {@link SeedScript}, a literal transcription of the script's loops, not from the job's code.
 */
class SeedParityITCase {

    static final String OLD = "5.0007.510.011";
    static final String NEW = "5.0007.610.011";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    /** Rows in time order: codes from {@code lowCode} to {@code highCode}, three of them more frequent in NEW. */
    static List<SeedScript.Row> sampleShapedRows(long seed, int lowCode, int highCode) {
        Random random = new Random(seed);
        List<SeedScript.Row> rows = new ArrayList<>();
        int codes = highCode - lowCode + 1;
        for (int i = 0; i < 14_000; i++) {
            int second = (int) ((long) i * 3600 / 13_999);
            // a skewed code mix: low codes common, high codes rare
            int code = lowCode + (int) Math.floor(codes * Math.pow(random.nextDouble(), 2));
            boolean regressing = code == lowCode + 3 || code == lowCode + 5 || code == lowCode + 6;
            String build = random.nextDouble() < (regressing ? 0.62 : 0.5) ? NEW : OLD;
            rows.add(new SeedScript.Row(second, build, code));
        }
        return rows;
    }

    static Path write(Path dir, String name, List<SeedScript.Row> rows, char separator, String lineEnd,
            boolean finalLineEnd) throws Exception {
        StringBuilder text = new StringBuilder("\uFEFFTimestamp").append(separator).append("Build_Version")
                .append(separator).append("Error_Code");
        for (SeedScript.Row row : rows) {
            text.append(lineEnd).append(SeedCsvErrorParser.clock(row.second())).append(separator).append(row.build())
                    .append(separator).append(row.code());
        }
        if (finalLineEnd) {
            text.append(lineEnd);
        }
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "set {0}: bins {1}")
    @CsvSource({"A, 100, -17, 15", "B, 30, -3, 14"})
    void theJobPrintsExactlyTheScriptsAlertLines(String set, int bins, int lowCode, int highCode, @TempDir Path dir)
            throws Exception {
        List<SeedScript.Row> rows = sampleShapedRows(set.hashCode(), lowCode, highCode);
        Path csv = set.equals("A") ? write(dir, "ErrorStreamSetA.csv", rows, '\t', "\r", false)
                : write(dir, "ErrorStreamSetB.csv", rows, ',', "\n", true);
        assertThat(rows.get(rows.size() - 1).second()).as("the last second closes a bin").isEqualTo(3600);

        RunOptions options = new RunOptions();
        options.errorsCsv = List.of(csv);
        options.mode = CanaryMode.SEED_COMPATIBLE.key();
        options.bins = bins;
        options.threshold = 1.25;
        options.thresholdBins = List.of(5, 10);
        options.out = dir.resolve("out");
        options.quiet = true;
        options.parallelism = 2;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        env.execute("seed parity " + set);

        List<CanaryAlert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(options.out.resolve(OutputFiles.ALERTS))) {
            alerts.add(JsonCodec.mapper().readValue(line, CanaryAlert.class));
        }
        List<String> expected = SeedScript.alerts(rows, NEW, bins, 1.25, new int[] {5, 10});
        assertThat(expected).hasSizeGreaterThan(20);
        assertThat(SeedScript.lines(alerts)).containsExactlyElementsOf(expected);
        assertThat(alerts).extracting(CanaryAlert::status).contains(AlertStatus.FIRING);
    }
}
