package io.incidentdetector.launcher;

import io.incidentdetector.evaluate.NabBenchmark;
import io.incidentdetector.evaluate.NabScorer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code evaluate --nab} on a generated folder, through the job on a MiniCluster: a series of 600 five-minute rows
 * (training: the first 90) with a labelled rise, then a labelled drop that lasts to the end, and a fault-free one. The
 * rise is caught with the shipped configuration; the drop only once the direction is both. A false detection with no
 * window before it costs the whole fpWeight.
 */
class EvaluateNabITCase {

    private static final LocalDateTime T0 = LocalDateTime.parse("2014-02-14T00:00:00");
    private static final DateTimeFormatter CSV = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void aRiseIsCaughtAsGivenAndALastingDropOnlyWithBothDirections(@TempDir Path dir) throws Exception {
        Path nab = Files.createDirectory(dir.resolve("nab"));
        Random random = new Random(7);
        StringBuilder faulty = new StringBuilder("timestamp,value\n");
        StringBuilder quiet = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 600; i++) {
            double level = i >= 300 && i < 330 ? 100 : i >= 450 ? 10 : 40;
            faulty.append(T0.plusMinutes(5L * i).format(CSV)).append(',')
                    .append(level * (1 + 0.02 * random.nextGaussian())).append('\n');
            quiet.append(T0.plusMinutes(5L * i).format(CSV)).append(',')
                    .append(40 * (1 + 0.02 * random.nextGaussian())).append('\n');
        }
        Files.writeString(nab.resolve("faulty.csv"), faulty);
        Files.writeString(nab.resolve("quiet.csv"), quiet);
        Files.writeString(nab.resolve("windows.json"), "{\"faulty.csv\": [[\"" + window(290) + "\", \"" + window(340)
                + "\"], [\"" + window(440) + "\", \"" + window(490) + "\"]], \"quiet.csv\": []}");

        Map<String, NabBenchmark.Result> results = EvaluateCommand.nab(nab).scoreNab(dir.resolve("out"));

        assertThat(results).hasSize(2);
        NabBenchmark.Result asGiven = results.get("local.yaml as given");
        NabBenchmark.Result both = results.get("local.yaml with latency.accumulator.direction: both");
        NabScorer.FileScore rise = asGiven.files().get(0).score();
        assertThat(rise.file()).isEqualTo("faulty.csv");
        assertThat(rise.windows()).isEqualTo(2);
        assertThat(rise.caught()).as("the rise, not the drop: " + asGiven.files().get(0).detections()).isEqualTo(1);
        assertThat(both.files().get(0).score().caught()).as("both: " + both.files().get(0).detections())
                .isEqualTo(2);
        assertThat(asGiven.nullTotal()).isEqualTo(-2.0);
        NabScorer.FileScore fine = asGiven.files().get(1).score();
        assertThat(fine.windows()).isZero();
        assertThat(fine.score()).isCloseTo(-0.11 * fine.falseDetections(), within(1e-9));
    }

    private static String window(int row) {
        return T0.plusMinutes(5L * row).format(CSV) + ".000000";
    }

}
