package io.incidentdetector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The start-up rows: whole runs in JVMs of their own, as a user starts them, timed from the moment the process is
 * started to the job running (every task reported RUNNING by Flink), to its first record out (the trivial job's first
 * mapped record; the demo's first alert or incident line), and to the process's exit, with the CPU seconds of the
 * whole process. Each figure is the median of the runs; the runs take turns (trivial, demo, trivial, demo, ...) so
 * that a drift of the machine's speed touches both alike.
 */
final class StartupRows {

    /** Flink's task state changes, the only lines the runs log besides their own output. */
    private static final String LOG_CONFIG = String.join("\n",
            "rootLogger.level = OFF",
            "rootLogger.appenderRef.console.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %m%n",
            "logger.graph.name = org.apache.flink.runtime.executiongraph.ExecutionGraph",
            "logger.graph.level = INFO", "");

    private StartupRows() {}

    /** Runs each command {@code runs} times, in turn, in {@code dir}, and prints a row for each. */
    static void run(Table table, Path dir, int runs) throws Exception {
        Path log = Files.writeString(dir.resolve("startup-log4j2.properties"), LOG_CONFIG);
        List<String> job = localJob();
        List<String> trivial = trivialJob(dir);
        Path csv = dir.resolve("startup-errors.csv");
        SeedCsv.write(csv, 14_000, 1);
        String[] names = {"trivial MiniCluster job, p2 (" + String.format("%,d", TrivialJob.RECORDS) + " records)",
                "demo (java -jar incident-detector-local.jar)", "canary CSV, 14,000 rows, seed-compatible"};
        List<List<String>> commands = List.of(trivial, concat(job, "--out", dir.resolve("startup-out").toString()),
                concat(job, "--out", dir.resolve("startup-out").toString(), "--errors-csv", csv.toString(), "--mode",
                        "seed-compatible", "--bins", "100", "--threshold", "1.25", "--threshold-bins", "5,10"));
        List<List<Timings>> measured = new ArrayList<>();
        commands.forEach(c -> measured.add(new ArrayList<>()));
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < commands.size(); i++) {
                measured.get(i).add(Timings.of(commands.get(i), log));
            }
        }
        table.line(String.format("%-56s %9s %13s %8s %8s  (start-up: from the process's start; median of %d)",
                "", "running s", "first rec. s", "exit s", "CPU s", runs));
        double floor = 0;
        for (int i = 0; i < commands.size(); i++) {
            Timings m = Timings.median(measured.get(i));
            floor = i == 0 ? m.exit : floor;
            table.line(String.format("%-56s %9.1f %13.1f %8.1f %8.1f  %s", "start-up: " + names[i], m.running,
                    m.firstRecord, m.exit, m.cpu, i == 0 ? "" : String.format("= %.2fx the trivial job's exit", m.exit
                            / floor)));
        }
    }

    /** The local job jar next to the benchmark's (as built by the project), or else this JVM's own class path. */
    private static List<String> localJob() {
        for (String candidate : List.of("job/target/incident-detector-local.jar",
                "../job/target/incident-detector-local.jar")) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return List.of("-jar", Path.of(candidate).toAbsolutePath().toString());
            }
        }
        return List.of("-cp", System.getProperty("java.class.path"), "io.incidentdetector.launcher.LocalLauncher");
    }

    /** {@link TrivialJob} alone, copied out of the benchmark, on the same class path as the job. */
    private static List<String> trivialJob(Path dir) throws IOException {
        List<String> job = localJob();
        Path classes = dir.resolve("trivial-classes");
        Path file = classes.resolve(TrivialJob.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        try (InputStream in = TrivialJob.class.getResourceAsStream(TrivialJob.class.getSimpleName() + ".class")) {
            Files.write(file, in.readAllBytes());
        }
        // the jar after -jar, or the class path after -cp
        return List.of("-cp", job.get(1) + java.io.File.pathSeparator + classes, TrivialJob.class.getName());
    }

    private static List<String> concat(List<String> base, String... more) {
        return Stream.concat(base.stream(), Arrays.stream(more)).toList();
    }

    /** One run's figures in seconds; NaN where a mark was never seen. */
    record Timings(double running, double firstRecord, double exit, double cpu) {

        static Timings of(List<String> command, Path logConfig) throws Exception {
            List<String> full = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Dlog4j.configurationFile=" + logConfig.toUri()));
            full.addAll(command);
            double cpuBefore = ChildCpu.seconds();
            long started = System.nanoTime();
            Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
            double[] marks = {Double.NaN, Double.NaN};
            int deploying = 0;
            int running = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    double at = (System.nanoTime() - started) / 1e9;
                    if (line.contains("switched from SCHEDULED to DEPLOYING")) {
                        deploying++;
                    } else if (line.contains("switched from INITIALIZING to RUNNING") && ++running == deploying
                            && Double.isNaN(marks[0])) {
                        marks[0] = at;
                    } else if (Double.isNaN(marks[1]) && (line.startsWith(TrivialJob.FIRST_RECORD)
                            || line.startsWith("alert> ") || line.startsWith("incident> "))) {
                        marks[1] = at;
                    }
                }
            }
            int exit = process.waitFor();
            double wall = (System.nanoTime() - started) / 1e9;
            if (exit != 0) {
                throw new IllegalStateException("exit " + exit + ": " + String.join(" ", full));
            }
            return new Timings(marks[0], marks[1], wall, ChildCpu.seconds() - cpuBefore);
        }

        static Timings median(List<Timings> all) {
            return new Timings(median(all.stream().mapToDouble(Timings::running).toArray()),
                    median(all.stream().mapToDouble(Timings::firstRecord).toArray()),
                    median(all.stream().mapToDouble(Timings::exit).toArray()),
                    median(all.stream().mapToDouble(Timings::cpu).toArray()));
        }

        private static double median(double[] values) {
            Arrays.sort(values);
            int n = values.length;
            return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        }
    }

    /** CPU seconds of this process's finished children (Linux: /proc/self/stat, in clock ticks of 1/100 s). */
    static final class ChildCpu {
        private ChildCpu() {}

        static double seconds() {
            try {
                String stat = Files.readString(Path.of("/proc/self/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
    }
}
