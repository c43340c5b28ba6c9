package io.incidentdetector.bench;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.config.OutputConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.correlation.SuspectSelection;
import io.incidentdetector.judge.PairState;
import io.incidentdetector.launcher.LocalLauncher;
import io.incidentdetector.launcher.ProcessFigures;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.model.OnlineBaseline;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.plan.RunRequest;
import io.incidentdetector.scenario.LatencyScenario;
import io.incidentdetector.scenario.MeshScenario;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.sink.OutputFiles;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code mesh-state}: runs a mesh scenario (by default the 10,000-edge one) on the local MiniCluster with periodic
 * checkpoints, and prints what it costs: events per second, CPU, heap after garbage collection, the size of one
 * pair's state, and the size of every checkpoint over the run, which shows whether state levels off. A benchmark
 * prints figures; nothing here is asserted.
 */
@Command(name = "mesh-state", mixinStandardHelpOptions = true,
        description = "Run a mesh scenario and print events/s, heap after GC and state size per pair over time.")
final class MeshStateCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = "mesh-large", description = "a mesh scenario (default: ${DEFAULT-VALUE})")
    String scenario;
    /** --parallelism, --checkpoint-interval (how often state is measured) and --work-dir are the benchmark's. */
    @ParentCommand
    Bench bench;

    @Override
    public Integer call() throws Exception {
        LatencyScenario mesh = ScenarioCatalog.find(scenario).filter(MeshScenario.class::isInstance)
                .orElseThrow(() -> new io.incidentdetector.config.ConfigException("--scenario", List.of("'" + scenario
                        + "' is not a mesh scenario. Fix: use mesh, mesh-quiet or mesh-large")));
        Path dir = bench.workDir != null ? Files.createDirectories(bench.workDir)
                : Files.createTempDirectory("mesh-state");
        try {
            for (int parallelism : bench.parallelism) {
                run(mesh, parallelism, bench.checkpointInterval, dir.resolve("p" + parallelism));
            }
        } finally {
            if (bench.workDir == null) {
                Bench.delete(dir);
            }
        }
        return 0;
    }

    private void run(LatencyScenario mesh, int parallelism, Duration checkpointInterval, Path dir) throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path output = dir.resolve("output");
        RunPlan base = RunPlans.from(RunRequest.scenario(ConfigLoader.DEFAULT_CONFIG, scenario, null)
                .quietlyTo(output, parallelism));
        JobConfig config = base.config()
                .withOutput(new OutputConfig(output.toString(), false))
                .withJob(new JobSettings(base.config().job().name(), parallelism, checkpointInterval));
        RunPlan plan = new RunPlan(config, base.location(), base.configName(), base.inputs(), true, false);
        long events = mesh.generator(config.scenario()).count();
        int edges = ((MeshScenario) mesh).topology().edgeCount();

        Configuration local = LocalLauncher.localConfiguration(false);
        local.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        local.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        local.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 100_000);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, local);
        JobAssembly.define(env, plan);

        System.out.printf("mesh-state: %s, %,d edges, %,d events, %s of event time; parallelism %d; %d cores, max heap"
                + " %d MiB, Java %s%n", scenario, edges, events, mesh.duration(), parallelism,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        ProcessFigures.HeapSampler heap = new ProcessFigures.HeapSampler();
        heap.start();
        long cpuBefore = ProcessFigures.cpuNanos();
        long startedAt = System.currentTimeMillis();
        long started = System.nanoTime();
        env.execute("mesh-state");
        long wall = System.nanoTime() - started;
        long endedAt = System.currentTimeMillis();
        long cpu = ProcessFigures.cpuNanos() - cpuBefore;
        heap.stop();

        double seconds = wall / 1e9;
        System.out.printf("  job time %.1f s: %,.0f events/s, %.2f CPU s per million events%n", seconds,
                events / seconds, cpu / 1e9 / (events / 1e6));
        System.out.printf("  heap after GC: peak %d MiB; resident memory: peak %s%n", heap.peakAfterGc() >> 20,
                ProcessFigures.peakResidentBytes().stream().mapToObj(b -> (b >> 20) + " MiB").findFirst()
                        .orElse("unknown"));
        printPairState();
        printCheckpoints(checkpoints, edges, ((MeshScenario) mesh).dayLength(), mesh.duration(), startedAt, endedAt);
        printIncidents(output.resolve(OutputFiles.INCIDENTS));
    }

    /** One pair's judge state, serialized as Flink checkpoints it. */
    private static void printPairState() throws IOException {
        TypeSerializer<PairState> serializer = TypeInformation.of(PairState.class)
                .createSerializer(new SerializerConfigImpl());
        BaselineTrainer trainer = new BaselineTrainer(ModelConfig.defaults());
        double[] warmup = new double[29];
        java.util.Arrays.fill(warmup, 12.5);
        OnlineBaseline learned = trainer.start(warmup, 0, Duration.ofSeconds(10));
        System.out.printf("  judge state per pair: with its model %d bytes, while learning (29 values) %d bytes%n",
                size(serializer, new PairState(learned, 5L, new double[0], 1L, 2L, false)),
                size(serializer, new PairState(null, null, warmup, 1L, 2L, false)));
        // a group member: its pair key and when it last reported; a hot member also has its latest heat
        String pair = "backend-313->db-099";
        DataOutputSerializer member = new DataOutputSerializer(64);
        org.apache.flink.api.common.typeutils.base.StringSerializer.INSTANCE.serialize(pair, member);
        org.apache.flink.api.common.typeutils.base.LongSerializer.INSTANCE.serialize(1L, member);
        System.out.printf("  group state per member: %d bytes (pair key and last report), plus the pair's latest"
                + " heat while it is warm%n", member.length());
    }

    private static int size(TypeSerializer<PairState> serializer, PairState state) throws IOException {
        DataOutputSerializer bytes = new DataOutputSerializer(256);
        serializer.serialize(state, bytes);
        return bytes.length();
    }

    /**
     * Every retained checkpoint with its size. Event time is not recorded in a checkpoint, so a checkpoint's place in
     * simulated days is estimated from when it was written, as the generator's pace is steady.
     */
    private static void printCheckpoints(Path root, int edges, Duration day, Duration length, long startedAt,
            long endedAt) throws IOException {
        List<Path> dirs;
        try (Stream<Path> found = Files.walk(root, 2)) {
            dirs = found.filter(p -> p.getFileName().toString().startsWith("chk-")).collect(
                    java.util.stream.Collectors.toCollection(ArrayList::new));
        }
        dirs.sort(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))));
        if (dirs.isEmpty()) {
            System.out.println("  no checkpoint completed: lower --checkpoint-interval");
            return;
        }
        double days = (double) length.toMillis() / day.toMillis();
        System.out.println("  checkpoints (whole job state; simulated day estimated from when each was written):");
        System.out.println("    checkpoint   ~day    bytes          bytes per edge");
        dirs.removeIf(chk -> !Files.exists(chk.resolve("_metadata")));
        int step = Math.max(1, dirs.size() / 12);
        for (int i = 0; i < dirs.size(); i = i + step < dirs.size() || i == dirs.size() - 1 ? i + step
                : dirs.size() - 1) {
            Path chk = dirs.get(i);
            long bytes = folderSize(chk);
            long at = Files.getLastModifiedTime(chk.resolve("_metadata")).toMillis();
            double dayAt = days * Math.min(1, (at - startedAt) / (double) (endedAt - startedAt));
            System.out.printf("    %-12s %5.2f  %,13d  %,8d%s%n", chk.getFileName(), dayAt, bytes, bytes / edges,
                    at >= endedAt - 1000 ? "   (input ended: every pair expired)" : "");
        }
    }

    private static long folderSize(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void printIncidents(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        Set<String> roots = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file)) {
            Incident incident = JsonCodec.mapper().readValue(line, Incident.class);
            ids.add(incident.id());
            if (!SuspectSelection.linksToRootBelow(incident)) {
                roots.add(incident.id() + " suspect " + incident.suspect());
            } else {
                roots.removeIf(r -> r.startsWith(incident.id() + " "));
            }
        }
        System.out.printf("  incidents: %d episodes, roots: %s%n", ids.size(), roots);
    }
}
