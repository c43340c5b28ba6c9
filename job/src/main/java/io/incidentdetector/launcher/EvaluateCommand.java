package io.incidentdetector.launcher;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.OutputConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.evaluate.FaultLabel;
import io.incidentdetector.evaluate.LabelsFile;
import io.incidentdetector.evaluate.Scorecard;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.scenario.CanaryScenario;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.MeshScenario;
import io.incidentdetector.scenario.ReplayMesh;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.sink.OutputFiles;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code evaluate}: how often the detector is right. Without {@code --labels} it runs the labelled matrix (generator
 * runs of the mesh at 10-second windows, and a one-minute Prometheus export of a 14-edge mesh with the real-data
 * shapes, replayed with a day of training), over several seeds, with the configuration given (the shipped one by
 * default, unchanged). With {@code --labels} it replays the user's own query_range files against their labels. Either
 * way it prints one table ({@link Scorecard} says how each figure is counted).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score the detector: recall, precision, severity, culprit, time to detect and resolve, false"
                + " incidents per 24 h; on the built-in labelled matrix, or on your query_range files and a labels file.")
public final class EvaluateCommand implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EvaluateCommand.class);

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
    @Option(names = "--list", description = "print every fault: caught or missed, after how long, severity, culprit")
    boolean list;
    @Option(names = "--out", paramLabel = "DIR", description = "keep each run's output here (default: a temporary folder)")
    Path out;

    /** Suite name and its scorecard, in the order they ran. */
    final Map<String, Scorecard> suites = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : Files.createTempDirectory("evaluate");
        if (labels != null) {
            scoreOwnHistory(dir);
        } else if (!queryRange.isEmpty() || !training.isEmpty()) {
            throw new ConfigException("--query-range", List.of("replayed files need their labels to be scored. Fix:"
                    + " add --labels faults.csv (lines like 2026-01-01T10:00:00Z,2026-01-01T10:03:00Z,cartservice)"));
        } else {
            runMatrix(dir);
        }
        print();
        return 0;
    }

    /** The built-in matrix; public for the small CI run. */
    public Map<String, Scorecard> runMatrix(Path dir) throws Exception {
        Scorecard mesh = suites.computeIfAbsent("mesh, 10 s windows", s -> new Scorecard(grace));
        Scorecard replay = suites.computeIfAbsent("replay, 1-minute steps", s -> new Scorecard(grace));
        Scorecard canary = suites.computeIfAbsent("canary, 30 s bins", s -> new Scorecard(grace));
        Scorecard quiet = suites.computeIfAbsent("fault-free", s -> new Scorecard(grace));
        String scenario = quick ? "eval-mesh-quick" : "eval-mesh";
        MeshScenario meshScenario = (MeshScenario) ScenarioCatalog.get(scenario);
        CanaryScenario errors = CanaryScenarios.find(CanaryScenarios.EVALUATION).orElseThrow();
        for (long seed : seeds) {
            GeneratorRun meshRun = runGenerator(scenario, meshScenario.duration(), seed, dir);
            mesh.add(IncidentKind.LATENCY, scenario + " seed " + seed, meshLabels(meshScenario, meshRun.start()),
                    meshRun.incidents(), meshRun.start(), meshRun.end());

            Duration live = quick ? Duration.ofHours(8) : Duration.ofDays(1);
            ReplayMesh export = ReplayMesh.of(seed, live);
            replay.add(IncidentKind.LATENCY, "replay seed " + seed, replayLabels(export),
                    runReplay(export, live, "replay-" + seed, dir), ReplayMesh.LIVE_START,
                    ReplayMesh.LIVE_START.plus(live));

            GeneratorRun canaryRun = runGenerator(CanaryScenarios.EVALUATION, errors.duration(), seed, dir);
            canary.add(IncidentKind.ERROR_RATE, CanaryScenarios.EVALUATION + " seed " + seed,
                    canaryLabels(errors, canaryRun.start(), canaryRun.plan().config().canary().bins()),
                    canaryRun.incidents(), canaryRun.start(), canaryRun.end());

            if (!quick) {
                scoreFaultFree(quiet, seed, dir);
            }
        }
        return suites;
    }

    /** Long runs without any fault: the mesh over six compressed days, and two days of the one-minute export. */
    private void scoreFaultFree(Scorecard quiet, long seed, Path dir) throws Exception {
        String scenario = "eval-quiet";
        GeneratorRun meshRun = runGenerator(scenario, ScenarioCatalog.get(scenario).duration(), seed, dir);
        quiet.add(IncidentKind.LATENCY, scenario + " seed " + seed, List.of(), meshRun.incidents(), meshRun.start(),
                meshRun.end());
        Duration live = Duration.ofDays(2);
        quiet.add(IncidentKind.LATENCY, "fault-free replay seed " + seed, List.of(),
                runReplay(ReplayMesh.faultFree(seed, live), live, "quiet-replay-" + seed, dir), ReplayMesh.LIVE_START,
                ReplayMesh.LIVE_START.plus(live));
    }

    /** A generator run of a built-in scenario, its plan, the incidents it wrote and the event time it covered. */
    private record GeneratorRun(RunPlan plan, List<Incident> incidents, Instant start, Instant end) {}

    private GeneratorRun runGenerator(String scenario, Duration duration, long seed, Path dir) throws Exception {
        System.out.printf("evaluate: %s, seed %d (%s of event time)...%n", scenario, seed, duration);
        RunOptions options = new RunOptions();
        options.config = config;
        options.scenario = scenario;
        options.seed = seed;
        Path runDir = dir.resolve(scenario + "-" + seed);
        RunPlan plan = RunPlans.from(withOutput(options, runDir).toRequest());
        Instant start = plan.config().scenario().start();
        return new GeneratorRun(plan, run(plan, runDir), start, start.plus(duration));
    }

    /** Writes the export (a day of training, then {@code live}) and replays it; returns the incidents. */
    private List<Incident> runReplay(ReplayMesh export, Duration live, String name, Path dir) throws Exception {
        System.out.printf("evaluate: %s, a 14-edge export (%s live, a day of training)...%n", name, live);
        Path replayDir = dir.resolve(name);
        RunOptions options = new RunOptions();
        options.config = config;
        byKey(export.write(replayDir.resolve("training"), ReplayMesh.TRAINING_START, ReplayMesh.DAY),
                options.training);
        byKey(export.write(replayDir.resolve("live"), ReplayMesh.LIVE_START, live), options.queryRange);
        Path output = replayDir.resolve("output");
        return run(RunPlans.from(withOutput(options, output).toRequest()), output);
    }

    private void scoreOwnHistory(Path dir) throws Exception {
        if (queryRange.isEmpty()) {
            throw new ConfigException("--labels", List.of("there is nothing to score. Fix: add the exports to replay,"
                    + " e.g. --query-range frontend:cartservice=frontend_cartservice.json"));
        }
        List<FaultLabel> faults = LabelsFile.read(labels);
        RunOptions options = new RunOptions();
        options.config = config;
        options.queryRange.putAll(queryRange);
        options.training.putAll(training);
        Path runDir = dir.resolve("own");
        List<Incident> incidents = run(RunPlans.from(withOutput(options, runDir).toRequest()), runDir);
        Instant from = Instant.MAX;
        Instant to = Instant.MIN;
        for (Path file : queryRange.values()) {
            try (InputStream in = Files.newInputStream(file)) {
                for (QueryRangeSample sample : QueryRangeFiles.readSingleSeries(in, file.toString())) {
                    Instant t = Instant.ofEpochMilli(sample.timestamp());
                    from = t.isBefore(from) ? t : from;
                    to = t.isAfter(to) ? t : to;
                }
            }
        }
        if (from.isAfter(to)) {
            throw new ConfigException("--query-range", List.of("the replayed files hold no sample, so there is nothing"
                    + " to score. Fix: export a time range with data"));
        }
        long canaryLabels = faults.stream().filter(f -> f.kind() == IncidentKind.ERROR_RATE).count();
        if (canaryLabels > 0) {
            LOG.warn("{} code: labels are not scored: a query_range replay has latency only", canaryLabels);
        }
        Scorecard card = suites.computeIfAbsent("your history (" + labels.getFileName() + ")", s -> new Scorecard(grace));
        card.add(IncidentKind.LATENCY, labels.getFileName().toString(), faults, incidents, from, to);
    }

    private static RunOptions withOutput(RunOptions options, Path runDir) {
        options.out = runDir;
        options.quiet = true;
        options.parallelism = 1;
        return options;
    }

    private static void byKey(Map<String, Path> files, Map<String, Path> into) {
        files.forEach((pair, file) -> into.put(pair.replace("->", ":"), file));
    }

    private static List<Incident> run(RunPlan base, Path runDir) throws Exception {
        JobConfig config = base.config().withOutput(new OutputConfig(runDir.toString(), false));
        RunPlan plan = new RunPlan(config, base.location(), base.configName(), base.inputs(), true, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1,
                LocalLauncher.localConfiguration(false));
        JobAssembly.define(env, plan);
        env.execute("evaluate");
        List<Incident> incidents = new ArrayList<>();
        Path file = runDir.resolve(OutputFiles.INCIDENTS);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                incidents.add(JsonCodec.mapper().readValue(line, Incident.class));
            }
        }
        return incidents;
    }

    static List<FaultLabel> meshLabels(MeshScenario scenario, Instant start) {
        List<FaultLabel> labels = new ArrayList<>();
        for (MeshScenario.MeshFault f : scenario.faults()) {
            boolean pair = f.target().contains("->");
            Severity expected = pair || scenario.topology().callersOf(f.target()).size() < 2 ? Severity.SEV2
                    : Severity.SEV1;
            labels.add(FaultLabel.delay(f.target(), start.plusSeconds(f.fromSecond()), start.plusSeconds(f.toSecond()),
                    f.delayMs() >= 100 ? expected : null, f.delayMs()));
        }
        return labels;
    }

    /** Regressions above 1x; the 1x one is not a fault, so an incident during it counts as false. */
    static List<FaultLabel> canaryLabels(CanaryScenario scenario, Instant start, int binSeconds) {
        Map<Integer, Double> perMinute = new LinkedHashMap<>();
        scenario.codes().forEach(c -> perMinute.put(c.code(), c.perMinute()));
        return scenario.regressions().stream().filter(r -> r.factor() > 1).map(r -> new FaultLabel(
                "code:" + r.code(), start.plusSeconds(r.fromSecond()), start.plusSeconds(r.toSecond()), null,
                IncidentKind.ERROR_RATE, r.factor(),
                r.factor() >= 2 && perMinute.getOrDefault(r.code(), 0.0) * binSeconds / 60 >= 20)).toList();
    }

    static List<FaultLabel> replayLabels(ReplayMesh export) {
        return export.faults().stream().map(f -> FaultLabel.delay(f.service(), f.from(), f.to(),
                f.delayMs() >= 100 ? (export.callersOf(f.service()) >= 2 ? Severity.SEV1 : Severity.SEV2) : null,
                f.delayMs())).toList();
    }

    private void print() {
        System.out.println();
        System.out.printf("%-24s %-8s %6s %6s %6s %9s %7s %8s %7s %-15s %-11s %9s%n", "suite", "pipeline", "hours",
                "faults", "recall", "promised", "precis.", "severity", "culprit", "detect p50/p95", "resolve p50",
                "false/24h");
        for (Map.Entry<String, Scorecard> suite : suites.entrySet()) {
            suite.getValue().tallies().forEach((kind, t) -> {
                if (t.hours == 0) {
                    return;
                }
                System.out.printf("%-24s %-8s %6.0f %6d %6s %9s %7s %8s %7s %-15s %-11s %9.2f%n", suite.getKey(),
                        kind == IncidentKind.LATENCY ? "latency" : "canary", t.hours, t.faults, pct(t.recall()),
                        pct(t.promisedRecall()), pct(t.precision()), pct(t.severityAccuracy()), pct(t.culpritRate()),
                        seconds(t.detectMillis, 0.5) + " / " + seconds(t.detectMillis, 0.95),
                        seconds(t.resolveMillis, 0.5), t.falsePerDay());
            });
        }
        System.out.println("  promised: recall of the faults the detector promises to catch (delays of 100 ms or more lasting 3"
                + " minutes or more; canary regressions of 2x or more on a code with 20 errors a bin or more)");
        for (Map.Entry<String, Scorecard> suite : suites.entrySet()) {
            suite.getValue().tallies().forEach((kind, t) -> {
                if (t.promised > 0) {
                    System.out.printf("  %s: %d promised faults, %d caught%s%s%n", suite.getKey(), t.promised,
                            t.promisedCaught, kind == IncidentKind.LATENCY ? ", " + t.promisedCulprit
                                    + " with the culprit named" : "",
                            t.promisedWithSeverity == 0 ? "" : ", " + t.promisedSeverityRight + " of "
                                    + t.promisedWithSeverity + " at the expected severity");
                }
            });
        }
        for (Map.Entry<String, Scorecard> suite : suites.entrySet()) {
            suite.getValue().tallies().forEach((kind, t) -> {
                if (list) {
                    t.faultLines.forEach(line -> System.out.println("  " + line));
                    t.falseIncidents.forEach(f -> System.out.println("  false   " + f));
                    return;
                }
                t.missed.stream().limit(10).forEach(m -> System.out.println("  missed (" + suite.getKey() + "): " + m));
                t.falseIncidents.stream().limit(10).forEach(f -> System.out.println("  false (" + suite.getKey()
                        + "): " + f));
            });
        }
    }

    private static String pct(double share) {
        return Double.isNaN(share) ? "-" : String.format("%.0f%%", 100 * share);
    }

    static String seconds(List<Long> millis, double q) {
        if (millis.isEmpty()) {
            return "-";
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size()))) / 1000 + "s";
    }

    /** Runs of the matrix that the small CI test reads back. */
    public Map<String, Scorecard> suites() {
        return suites;
    }

    /** For tests: a quick matrix over the given seeds, output in {@code dir}. */
    public static EvaluateCommand quick(List<Long> seeds) {
        EvaluateCommand command = new EvaluateCommand();
        command.quick = true;
        command.seeds = new ArrayList<>(seeds);
        command.grace = Duration.ofMinutes(5);
        return command;
    }
}
