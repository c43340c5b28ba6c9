package io.incidentdetector.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark command runs every part on tiny inputs and prints its table: a real broker in its own process, the
 * MiniCluster, the canary files, the latency probe. No figure is asserted; only that each row ran and has one.
 */
class BenchCommandITCase {

    private static final Pattern ROW = Pattern.compile("^(\\S.{45}) +([\\d,]+) +([\\d.]+) +([\\d,]+) +([\\d.]+) .*");

    @Test
    void theQuickRunPrintsEveryRowOfTheTable(@TempDir Path dir) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream console = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true)
                    .execute("--quick", "--work-dir", dir.toString());
        } finally {
            System.setOut(console);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        console.print(out);
        assertThat(exit).isZero();
        assertThat(out).contains("machine: " + Runtime.getRuntime().availableProcessors() + " cores")
                .doesNotContain("failed:");
        List<String> rows = Arrays.stream(out.split("\n")).filter(l -> ROW.matcher(l).matches()).toList();
        for (String row : List.of("floor: generator alone -> discard, p1", "floor: generator -> keyBy -> discard, p1",
                "floor: generator -> keyBy -> discard, p2",
                "job: generator, demo mix x0.5, p1", "job: generator, demo mix x0.5, p2",
                "job: generator, mesh (100 edges), p1", "job: generator, mesh (100 edges), p2",
                "floor: JSON decode alone (the job's decoder)", "floor: JSON decode alone (Jackson tree)",
                "floor: KafkaSource raw bytes -> discard, p1", "job: Kafka JSON, exactly-once, p1",
                "job: Kafka JSON, exactly-once, p2", "job: canary, seed-format CSV, outputs included",
                "latency: mesh at 480x real time")) {
            assertThat(rows).as(row).anySatisfy(line -> assertThat(line).startsWith(row));
        }
        for (String startup : List.of("start-up: trivial MiniCluster job", "start-up: demo", "start-up: canary CSV")) {
            // running, first record, exit, CPU: each seen (NaN where a mark never came)
            assertThat(out).as(startup)
                    .containsPattern("(?m)^" + startup + ".* +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d +\\d+\\.\\d");
        }
        assertThat(out).containsPattern("= \\d+% of the best KafkaSource floor")
                .containsPattern("\\d+ incident updates: emitted p50 \\d+ ms")
                .containsPattern("read_committed consumer \\(checkpoints every 5 s\\): \\d+ seen");
    }
}
