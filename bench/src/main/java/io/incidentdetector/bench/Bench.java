package io.incidentdetector.bench;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.launcher.LocalLauncher;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The benchmark: one invocation runs the floors (what Flink and Kafka alone do here), the whole job from the generator
 * and from a real broker, the canary pipeline on a seed-format CSV, and the time from a completing watermark to the
 * incident, and prints one table. {@code jmh ...} runs the micro-benchmarks instead (JMH's own options). Figures are
 * printed, never asserted.
 */
@Command(name = "incident-detector-bench", mixinStandardHelpOptions = true, subcommands = MeshStateCommand.class,
        description = {"Print what the job costs per event on this machine, next to what Flink and Kafka alone do.",
                "  java -jar bench/target/incident-detector-bench.jar [--only kafka,canary] [--quick]",
                "  java -jar bench/target/incident-detector-bench.jar jmh [JMH options]   (micro-benchmarks)",
                "  java -jar bench/target/incident-detector-bench.jar mesh-state          (state and heap over a mesh run)"})
public final class Bench implements Callable<Integer> {

    /** Groups of rows. */
    enum Part { STARTUP, FLOORS, GENERATOR, MESH, KAFKA, CANARY, LATENCY }

    @Option(names = "--only", split = ",", paramLabel = "PART",
            description = "run only these parts: ${COMPLETION-CANDIDATES} (default: all)")
    Set<Part> only = EnumSet.allOf(Part.class);
    @Option(names = "--quick", description = "tiny inputs: checks that every row runs (figures mean nothing)")
    boolean quick;
    @Option(names = "--scale", defaultValue = "50", description = "generator rows: the demo mix times this (default: ${DEFAULT-VALUE}, about 22 M calls)")
    double scale;
    @Option(names = "--kafka-scale", defaultValue = "10", description = "Kafka rows: the demo mix times this, loaded into the topic first (default: ${DEFAULT-VALUE}, about 4.4 M calls)")
    double kafkaScale;
    @Option(names = "--canary-rows", defaultValue = "1200000", description = "rows of the generated seed-format CSV (default: ${DEFAULT-VALUE})")
    int canaryRows;
    @Option(names = "--checkpoint-interval", scope = ScopeType.INHERIT, defaultValue = "5s", converter = LocalLauncher.DurationConverter.class,
            description = "checkpoints: they commit the Kafka and latency rows' exactly-once output, and mesh-state measures state by them (default: ${DEFAULT-VALUE})")
    Duration checkpointInterval;
    @Option(names = "--latency-speed", defaultValue = "60", description = "latency row: event time runs this many times faster than the clock (default: ${DEFAULT-VALUE})")
    double latencySpeed;
    @Option(names = "--startup-runs", defaultValue = "5", description = "start-up rows: runs of each command, the median printed (default: ${DEFAULT-VALUE}; --quick: 1)")
    int startupRuns;
    @Option(names = "--bootstrap-servers", description = "use this broker for the Kafka rows instead of starting one")
    String bootstrapServers;
    @Option(names = "--parallelism", scope = ScopeType.INHERIT, split = ",", defaultValue = "1,2", description = "full-job rows and mesh-state runs at each (default: ${DEFAULT-VALUE})")
    List<Integer> parallelism;
    @Option(names = "--work-dir", scope = ScopeType.INHERIT, description = "folder for outputs, checkpoints, the broker's log and the CSV (default: a temporary folder, deleted)")
    Path workDir;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // the table is the output: the job's own notices (e.g. which canary builds it compares) and a retried offset
        // commit while the broker's group coordinator starts are not news here
        org.apache.logging.log4j.core.config.Configurator.setLevel("io.incidentdetector",
                org.apache.logging.log4j.Level.WARN);
        org.apache.logging.log4j.core.config.Configurator.setLevel(
                "org.apache.flink.connector.kafka.source.reader.KafkaSourceReader", org.apache.logging.log4j.Level.ERROR);
        System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (quick) {
            scale = 0.5;
            kafkaScale = 0.2;
            canaryRows = 20_000;
            startupRuns = 1;
        }
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("bench");
        Table table = new Table(System.out);
        table.header();
        try {
            new Rows(table, dir, this).run();
        } finally {
            if (workDir == null) {
                delete(dir);
            }
        }
        return 0;
    }

    ScenarioConfig mesh() {
        return quick ? ScenarioConfig.defaults().withName("mesh") : ScenarioConfig.defaults().withName("mesh-large");
    }

    boolean runs(Part part) {
        return only.contains(part);
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
