package io.incidentdetector.evaluate;

import java.io.PrintStream;

/** The table {@code evaluate --nab} prints for one configuration: a row per series, then NAB's normalised total. */
public final class NabReport {

    private final PrintStream out;

    public NabReport(PrintStream out) {
        this.out = out;
    }

    public void print(String title, NabBenchmark.Result result) {
        out.println();
        out.println(title);
        out.printf("%-40s %7s %6s %6s %8s%n", "file", "windows", "caught", "false", "score");
        int caught = 0;
        int falses = 0;
        for (NabBenchmark.FileResult f : result.files()) {
            NabScorer.FileScore s = f.score();
            out.printf("%-40s %7d %6d %6d %8.3f%n", s.file(), s.windows(), s.caught(), s.falseDetections(), s.score());
            caught += s.caught();
            falses += s.falseDetections();
        }
        out.printf("%-40s %7d %6d %6d %8.3f%n", "total", result.windows(), caught, falses, result.total());
        out.printf("NAB score (standard profile, 0 = no detection at all, 100 = every window at its start): %.1f"
                + " (null %.3f, perfect %d)%n", result.normalised(), result.nullTotal(), result.windows());
    }
}
