package io.incidentdetector.launcher;

import io.incidentdetector.config.AccumulatorConfig;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.evaluate.EvaluationMatrix;
import io.incidentdetector.evaluate.EvaluationReport;
import io.incidentdetector.evaluate.EvaluationRuns;
import io.incidentdetector.evaluate.NabBenchmark;
import io.incidentdetector.evaluate.NabDataSet;
import io.incidentdetector.evaluate.NabReport;
import io.incidentdetector.evaluate.OwnHistory;
import io.incidentdetector.evaluate.Scorecard;
import io.incidentdetector.launcher.progress.Progress;
import io.incidentdetector.launcher.progress.ProgressOptions;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlan;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate}: how often the detector is right. Without {@code --labels} it runs the labelled matrix
 * ({@link EvaluationMatrix}) over several seeds, with the configuration given (the shipped one by default, unchanged).
 * With {@code --labels} it replays the user's own query_range files against their labels ({@link OwnHistory}). Either
 * way it prints one table ({@link EvaluationReport}; {@link Scorecard} says how each figure is counted). With
 * {@code --nab} it scores a NAB folder the way NAB does ({@link NabBenchmark}), with the configuration and again with
 * only {@code latency.accumulator.direction: both}. The runs are the job on a local MiniCluster; unless quiet, a
 * progress line every 10 s says which run of how many is on and how far it is.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score the detector: recall, precision, severity, culprit, time to detect and resolve, false"
                + " incidents per 24 h; on the built-in labelled matrix, or on your query_range files and a labels file.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "local.yaml",
            description = "job configuration (default: ${DEFAULT-VALUE}, the shipped one)")
    String config = "local.yaml";
    @Option(names = "--seeds", split = ",", paramLabel = "N,N", description = "seeds of the matrix (default: 1,2,3)")
    List<Long> seeds = new ArrayList<>(List.of(1L, 2L, 3L));
    @Option(names = "--quick", description = "a small matrix: 100-500 ms delays only, an 8-hour replay")
    boolean quick;
    @Option(names = "--labels", paramLabel = "FILE",
            description = "CSV of faults (start,end,target[,severity]): score --query-range files against it")
    Path labels;
    @Option(names = "--query-range", paramLabel = "SOURCE:DESTINATION=FILE",
            description = "a pair's query_range export to replay (repeatable; with --labels)")
    Map<String, Path> queryRange = new LinkedHashMap<>();
    @Option(names = "--training", paramLabel = "SOURCE:DESTINATION=FILE",
            description = "a pair's training export (repeatable; with --labels)")
    Map<String, Path> training = new LinkedHashMap<>();
    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "5min",
            converter = LocalLauncher.DurationConverter.class,
            description = "how long after a fault's end an incident still counts as catching it (default: ${DEFAULT-VALUE})")
    Duration grace;
    @Option(names = "--nab", paramLabel = "DIR",
            description = "a NAB folder (*.csv, windows.json): each series replayed as one pair and scored as NAB does")
    Path nab;
    @Option(names = "--list", description = "print every fault: caught or missed, after how long, severity, culprit")
    boolean list;
    @Option(names = "--out", paramLabel = "DIR", description = "keep each run's output here (default: a temporary folder)")
    Path out;
    @Option(names = "--quiet", description = "no progress line (every 10 s: which run is on, how far it is)")
    boolean quiet;
    @Mixin
    ProgressOptions progressOptions = new ProgressOptions();

    private Progress progress = Progress.off();
    private int runsStarted;
    private int runsExpected;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : Files.createTempDirectory("evaluate");
        try (Progress lines = progressOptions.progress(!quiet, System.out).start()) {
            progress = lines;
            return evaluate(dir);
        } finally {
            progress = Progress.off();
        }
    }

    private Integer evaluate(Path dir) throws Exception {
        if (nab != null) {
            scoreNab(dir);
            return 0;
        }
        Map<String, Scorecard> suites;
        if (labels != null) {
            runsExpected = 1;
            suites = new OwnHistory(labels, queryRange, training).score(runs(), grace, dir);
        } else if (!queryRange.isEmpty() || !training.isEmpty()) {
            throw new ConfigException("--query-range", List.of("replayed files need their labels to be scored. Fix:"
                    + " add --labels faults.csv (lines like 2026-01-01T10:00:00Z,2026-01-01T10:03:00Z,cartservice)"));
        } else {
            suites = runMatrix(dir);
        }
        new EvaluationReport(System.out).print(suites, list);
        return 0;
    }

    /** The built-in matrix, each run's output in a folder of {@code dir}; public for the small CI run. */
    public Map<String, Scorecard> runMatrix(Path dir) throws Exception {
        EvaluationMatrix matrix = new EvaluationMatrix(runs(), quick, grace, System.out);
        runsExpected = seeds.size() * matrix.runsPerSeed();
        return matrix.run(seeds, dir);
    }

    /** The NAB folder scored with the configuration, then with only the latency direction changed to both. */
    public Map<String, NabBenchmark.Result> scoreNab(Path dir) throws Exception {
        List<NabDataSet.Series> series = NabDataSet.read(nab);
        NabBenchmark benchmark = new NabBenchmark(NabDataSet.standardProfile(nab));
        runsExpected = 2 * series.size();
        Map<String, NabBenchmark.Result> results = new LinkedHashMap<>();
        results.put(config + " as given", benchmark.run(series, runs(), dir.resolve("nab-as-given")));
        results.put(config + " with latency.accumulator.direction: both",
                benchmark.run(series, runs().changed(EvaluateCommand::bothDirections), dir.resolve("nab-both")));
        NabReport report = new NabReport(System.out);
        results.forEach(report::print);
        return results;
    }

    private static JobConfig bothDirections(JobConfig config) {
        LatencyConfig latency = config.latency();
        AccumulatorConfig accumulator = latency.accumulator();
        return config.withLatency(latency.withAccumulator(accumulator.withEvidence(AccumulatorConfig.Direction.BOTH,
                accumulator.fullHeatBeyond())));
    }

    private EvaluationRuns runs() {
        return new EvaluationRuns(config, this::runLocally);
    }

    /** The job on a local MiniCluster at parallelism 1, to its end; the progress line names the run. */
    private void runLocally(RunPlan plan) throws Exception {
        runsStarted++;
        progress.stage("evaluate run " + runsStarted + (runsExpected > 0 ? " of " + runsExpected : "") + ", "
                + Progress.name(plan));
        Configuration conf = LocalLauncher.localConfiguration(false);
        progress.configure(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        JobAssembly.define(env, plan);
        env.execute("evaluate");
    }

    /** For tests: {@code --nab dir} with the shipped configuration. */
    public static EvaluateCommand nab(Path nabDir) {
        EvaluateCommand command = new EvaluateCommand();
        command.nab = nabDir;
        return command;
    }

    /** For tests: the quick matrix over {@code seeds}, with the shipped configuration and a 5-minute grace. */
    public static EvaluateCommand quick(List<Long> seeds) {
        EvaluateCommand command = new EvaluateCommand();
        command.quick = true;
        command.seeds = new ArrayList<>(seeds);
        command.grace = Duration.ofMinutes(5);
        return command;
    }
}
