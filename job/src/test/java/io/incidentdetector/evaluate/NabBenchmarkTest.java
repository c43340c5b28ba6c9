package io.incidentdetector.evaluate;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.plan.InputPlan;
import io.incidentdetector.plan.RunPlan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A NAB folder read and planned as replays, with a job that runs nothing. */
class NabBenchmarkTest {

    private static final Instant T0 = Instant.parse("2014-03-09T00:00:00Z");

    /** 40 five-minute rows, the 21st repeating the 20th's time (as NAB's files do at a daylight-saving change). */
    private static void writeFolder(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 40; i++) {
            int step = i <= 20 ? Math.min(i, 19) : i - 1;
            csv.append(String.format("2014-03-09 %02d:%02d:00,%d.5%n", step * 5 / 60, step * 5 % 60, i));
        }
        Files.writeString(dir.resolve("tiny.csv"), csv);
        Files.writeString(dir.resolve("windows.json"),
                "{\"tiny.csv\": [[\"2014-03-09 02:00:00.000000\", \"2014-03-09 02:10:00.000000\"]]}");
        Files.writeString(dir.resolve("profiles.json"),
                "{\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 2.0, \"fpWeight\": 0.5}}}");
    }

    @Test
    void eachSeriesIsOnePairTrainedOnItsProbationAndReplayedLiveAfterIt(@TempDir Path dir) throws Exception {
        Path nab = Files.createDirectory(dir.resolve("nab"));
        writeFolder(nab);
        List<NabDataSet.Series> series = NabDataSet.read(nab);
        assertThat(series).singleElement().satisfies(s -> {
            assertThat(s.timestamps()).hasSize(40);
            assertThat(s.windows()).containsExactly(new NabScorer.Window(T0.plusSeconds(7200), T0.plusSeconds(7800)));
        });
        assertThat(NabDataSet.standardProfile(nab)).isEqualTo(new NabProfile(1.0, 2.0, 0.5));
        List<RunPlan> plans = new ArrayList<>();

        NabBenchmark.Result result = new NabBenchmark(NabProfile.STANDARD)
                .run(series, new EvaluationRuns("local.yaml", plans::add), dir.resolve("out"));

        RunPlan plan = plans.get(0);
        Path live = ((InputPlan.Files) plan.inputs()).queryRange().get("nab->tiny");
        PairConfig pair = plan.config().latency().pairs().stream().filter(p -> p.key().equals("nab->tiny"))
                .findFirst().orElseThrow();
        // 15% of 40 rows: the first 6 train, the 34 others are live, less the one repeating a time
        assertThat(samples(Path.of(pair.training()))).extracting(QueryRangeSample::value)
                .containsExactly(0.5, 1.5, 2.5, 3.5, 4.5, 5.5);
        List<QueryRangeSample> liveSamples = samples(live);
        assertThat(liveSamples).hasSize(33).first().extracting(QueryRangeSample::value).isEqualTo(6.5);
        assertThat(liveSamples).extracting(QueryRangeSample::value).doesNotContain(20.5);
        assertThat(plan.config().latency().window()).as("the replay step is the window")
                .isEqualTo(java.time.Duration.ofMinutes(5));
        assertThat(result.normalised()).as("no incident: the null detector's score").isZero();
        assertThat(result.files()).singleElement().extracting(f -> f.score().caught()).isEqualTo(0);
    }

    @Test
    void aDetectionFallsOnTheLastRowAtOrBeforeItAndOnTheFirstOfRowsThatRepeatATime() {
        List<Instant> rows = List.of(T0, T0.plusSeconds(300), T0.plusSeconds(300), T0.plusSeconds(600));
        assertThat(NabBenchmark.rows(rows, List.of(T0.plusSeconds(299), T0.plusSeconds(300), T0.plusSeconds(900),
                T0.minusSeconds(1)))).containsExactly(0, 1, 3);
    }

    @Test
    void aSeriesWithoutAnEntryInWindowsJsonIsRefusedWithTheLineToAdd(@TempDir Path dir) throws Exception {
        writeFolder(dir);
        Files.writeString(dir.resolve("other.csv"), "timestamp,value\n2014-03-09 00:00:00,1\n");
        assertThatThrownBy(() -> NabDataSet.read(dir)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"other.csv\": []");
    }

    private static List<QueryRangeSample> samples(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return QueryRangeFiles.readSingleSeries(in, file.toString());
        }
    }
}
