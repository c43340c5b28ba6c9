package io.incidentdetector.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The progress line of a run longer than its interval, here the demo with lines every 200 ms instead of 10 s; none
 * with {@code --quiet}. How many lines come depends on the machine: at least one.
 */
class ProgressITCase {

    @Test
    void aRunLongerThanTheIntervalPrintsProgressLinesAndQuietNone(@TempDir Path dir) {
        List<String> lines = console("--scenario", "demo", "--out", dir.resolve("lines").toString(),
                "--progress-every", "200ms");
        assertThat(lines).anyMatch(l -> l.startsWith("finished in"));
        assertThat(lines.stream().filter(l -> l.startsWith("progress  ")))
                .anyMatch(l -> l.matches("progress  (event time \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  )?\\S+( [kMG])?"
                        + " events  \\S+( [kMG])? events/s  [\\d,]+ windows judged  \\d+ open incidents?"));

        List<String> quiet = console("--scenario", "demo", "--out", dir.resolve("quiet").toString(),
                "--progress-every", "200ms", "--quiet");
        assertThat(quiet).anyMatch(l -> l.startsWith("finished in"));
        assertThat(quiet).noneMatch(l -> l.startsWith("progress"));
    }

    private static List<String> console(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(LocalLauncher.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
