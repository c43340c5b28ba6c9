package io.incidentdetector.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The table the benchmark prints: the machine first, then a row per run as it finishes, then the ratios. */
final class Table {

    private final PrintStream out;
    private final List<Measured> rows = new ArrayList<>();

    Table(PrintStream out) {
        this.out = out;
    }

    void header() {
        out.printf("incident-detector benchmark, %s%n", LocalDate.now());
        out.printf("machine: %d cores, %s memory, max heap %d MiB, Java %s (%s), %s %s%n",
                Runtime.getRuntime().availableProcessors(), memory(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        out.println();
        out.printf("%-46s %12s %8s %12s %9s %9s %9s  %s%n", "run", "events", "time s", "events/s", "CPU s/M",
                "heap MiB", "RSS MiB", "note");
        out.flush();
    }

    /** Prints how a row compares with a floor, under it. */
    void note(Measured m, Measured floor, String what) {
        if (m != null && floor != null) {
            line(String.format("%-46s = %.0f%% of the %s", "", 100 * m.eventsPerSecond() / floor.eventsPerSecond(),
                    what));
        }
    }

    Measured add(Measured m) {
        rows.add(m);
        out.printf("%-46s %,12d %8.1f %,12.0f %9.2f %9s %9s  %s%n", m.row(), m.events(), m.seconds(),
                m.eventsPerSecond(), m.cpuSecondsPerMillion(), mib(m.heapAfterGc()), mib(m.resident()), m.note());
        out.flush();
        return m;
    }

    /** Runs and prints a row; a row that fails prints why and the table goes on. Returns null when it failed. */
    Measured run(String row, long events, Measured.Run run) {
        try {
            return add(Measured.of(row, events, run));
        } catch (Exception e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            out.printf("%-46s failed: %s%n", row, cause);
            out.flush();
            return null;
        }
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    List<Measured> rows() {
        return rows;
    }

    private static String mib(long bytes) {
        return bytes <= 0 ? "-" : String.format("%,d", bytes >> 20);
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return String.format("%.1f GiB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (Exception e) {
            return "unknown";
        }
        return "unknown";
    }
}
