package io.incidentdetector.pipeline;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.canary.alert.AlertStatus;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.canary.CanaryComparison;
import io.incidentdetector.canary.CanaryState;
import io.incidentdetector.canary.SecondCount;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.SeedCsvErrorParser;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The canary pipeline as the launcher wires it, at parallelism 2 on two TaskManagers, from a seed-format CSV. */
class CanaryITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    static final String OLD = "7.1.0";
    static final String NEW = "7.2.0";
    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    record Row(int second, String build, int code) {}

    /** 40 minutes of errors: codes 1-4 alike in both builds, code 9 four times as frequent in the canary from 20:00. */
    static List<Row> rows() {
        Random random = new Random(21);
        List<Row> rows = new ArrayList<>();
        for (int second = 0; second < 2400; second++) {
            for (String build : new String[] {OLD, NEW}) {
                for (int code = 1; code <= 4; code++) {
                    if (random.nextDouble() < 0.05 * code) {
                        rows.add(new Row(second, build, code));
                    }
                }
                double regression = build.equals(NEW) && second >= 1200 ? 4 : 1;
                if (random.nextDouble() < 0.03 * regression) {
                    rows.add(new Row(second, build, 9));
                }
            }
        }
        return rows;
    }

    /** The seed's quirks: byte-order mark, tabs, bare CR line endings; plus two bad rows and a third build. */
    static Path writeCsv(Path dir, List<Row> rows) throws Exception {
        StringBuilder text = new StringBuilder("\uFEFFTimestamp\tBuild_Version\tError_Code\r");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            text.append(SeedCsvErrorParser.clock(r.second())).append('\t').append(r.build()).append('\t')
                    .append(r.code()).append('\r');
            if (i == 100) {
                text.append("0:00:30\t").append(NEW).append("\tnine\r");
            }
        }
        text.append("0:39:59\t7.3.0\t1\r");
        Path file = dir.resolve("errors.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** What the comparison alone says, second by second, for the same rows. */
    static List<CanaryAlert> expected(CanaryConfig config, List<Row> rows) {
        TreeMap<Integer, Map<String, Long>> bySecond = new TreeMap<>();
        for (Row r : rows) {
            bySecond.computeIfAbsent(r.second(), s -> new TreeMap<>()).merge(r.build() + "#" + r.code(), 1L, Long::sum);
        }
        CanaryComparison comparison = new CanaryComparison(config, OLD, NEW, true);
        CanaryState state = new CanaryState();
        List<CanaryAlert> alerts = new ArrayList<>();
        bySecond.forEach((second, counts) -> {
            List<SecondCount> list = new ArrayList<>();
            counts.forEach((key, n) -> list.add(new SecondCount(BASE.toEpochMilli() + second * 1000L,
                    key.substring(0, key.indexOf('#')), Integer.parseInt(key.substring(key.indexOf('#') + 1)), n)));
            comparison.accept(state, BASE.toEpochMilli() + second * 1000L, list, alerts::add, cell -> { });
        });
        return alerts;
    }

    List<CanaryAlert> run(Path out, RunOptions options) throws Exception {
        options.out = out;
        options.quiet = true;
        options.parallelism = 2;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        env.execute("canary");
        List<CanaryAlert> alerts = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(OutputFiles.ALERTS))) {
            alerts.add(JsonCodec.mapper().readValue(line, CanaryAlert.class));
        }
        return alerts;
    }

    @Test
    void bothModesAtParallelismTwoGiveWhatTheComparisonGivesAndTheRegressionIsFound(@TempDir Path dir) throws Exception {
        List<Row> rows = rows();
        Path csv = writeCsv(dir, rows);
        CanaryConfig defaults = CanaryConfig.defaults().withBuilds(OLD, NEW);

        RunOptions rate = new RunOptions();
        rate.errorsCsv = List.of(csv);
        rate.config = "local.yaml";
        rate.bins = 30;
        // two builds in the rows, a third in one line: it must be configured, here on the command line's config
        assertThatThrownBy(() -> RunPlans.from(rate.toRequest())).hasMessageContaining("the input has 3 builds");
        Path config = Files.writeString(dir.resolve("canary.yaml"),
                "canary: {baseline-build: " + OLD + ", canary-build: " + NEW + "}\n");
        rate.config = config.toString();

        Path rateOut = dir.resolve("rate");
        List<CanaryAlert> rateAlerts = run(rateOut, rate);
        assertThat(rateAlerts).isEqualTo(expected(defaults, rows));
        assertThat(rateAlerts).filteredOn(a -> a.status() == AlertStatus.ACTIVE).isNotEmpty()
                .allSatisfy(a -> assertThat(a.code()).isEqualTo(9));
        List<String> dead = Files.readAllLines(rateOut.resolve(OutputFiles.DEAD_LETTERS));
        assertThat(dead).hasSize(2);
        assertThat(String.join("\n", dead)).contains("Error_Code 'nine' is not an integer")
                .contains("\"position\":103").contains("build 7.3.0 is neither the baseline");

        RunOptions seed = new RunOptions();
        seed.errorsCsv = List.of(csv);
        seed.config = config.toString();
        seed.mode = CanaryMode.SEED_COMPATIBLE.key();
        seed.bins = 100;
        seed.threshold = 1.25;
        seed.thresholdBins = List.of(5, 10);
        List<CanaryAlert> seedAlerts = run(dir.resolve("seed"), seed);
        assertThat(seedAlerts).isEqualTo(expected(defaults.with(CanaryMode.SEED_COMPATIBLE, 100, 1.25,
                List.of(5, 10)), rows));
        assertThat(seedAlerts).extracting(CanaryAlert::status).contains(AlertStatus.FIRING);
    }
}
