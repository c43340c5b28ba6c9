package io.incidentdetector.launcher;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.launcher.progress.Progress;
import io.incidentdetector.launcher.progress.ProgressOptions;
import io.incidentdetector.launcher.state.KeptState;
import io.incidentdetector.launcher.state.StateOptions;
import io.incidentdetector.launcher.state.StateRefusedException;
import io.incidentdetector.metrics.RecordingRules;
import io.incidentdetector.pipeline.ReadableText;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.LeftOpenIncidents;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.plan.StartupChecks;
import io.incidentdetector.plan.TransactionalIdClaim;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.EventsExporter;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.sink.OutputFiles;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code java -jar incident-detector-local.jar}: runs the job on an embedded MiniCluster. With no arguments it
 * generates the {@code demo} scenario and judges it with the bundled {@code jobs-config/local.yaml}.
 */
@Command(name = "incident-detector-local", mixinStandardHelpOptions = true, sortOptions = false,
        version = "incident-detector 0.1.0-SNAPSHOT (Flink 2.2.1)",
        description = "Run the incident detector on a local MiniCluster.",
        subcommands = {ExportTrainingCommand.class, LocalLauncher.GenerateEvents.class,
                LocalLauncher.ListScenarios.class, CreateTopicsCommand.class, ProduceCommand.class, FollowCommand.class,
                LocalLauncher.RecordingRulesCommand.class, EvaluateCommand.class, SignCommand.class,
                PagesCommand.class})
public final class LocalLauncher implements Callable<Integer> {

    @Mixin
    RunOptions options = new RunOptions();

    @Mixin
    StateOptions state = new StateOptions();

    @Mixin
    ProgressOptions progressOptions = new ProgressOptions();

    @Option(names = "--metrics-port", paramLabel = "PORT[-PORT]",
            description = "serve the job's metrics for Prometheus on this port (or the first free one of a range)")
    String metricsPort;

    public static void main(String[] args) {
        ExpectedCheckpointDeclines.install();
        KafkaOutageNoise.install();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LocalLauncher());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof ConfigException || e instanceof StateRefusedException) {
                line.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        RunPlan plan = RunPlans.from(options.toRequest());
        Optional<KeptState> kept = KeptState.of(plan, state);
        try {
            return run(plan, kept);
        } finally {
            if (kept.isPresent()) {
                kept.get().close();
            }
        }
    }

    private Integer run(RunPlan plan, Optional<KeptState> kept) throws Exception {
        JobConfig config = plan.config();
        int parallelism = config.job().parallelism() == null ? 2 : config.job().parallelism();
        Configuration local = localConfiguration(config.kafka().enabled() ? config.kafka().transactionTimeout() : null);
        kept.ifPresent(k -> k.configure(local));
        Progress progress = progressOptions.forRun(plan, local);
        if (metricsPort != null) {
            local.setString("metrics.reporter.prom.factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            local.setString("metrics.reporter.prom.port", metricsPort);
            System.out.println("metrics: http://127.0.0.1:" + metricsPort.split("-")[0] + "/metrics"
                    + (metricsPort.contains("-") ? " (or the next free port of " + metricsPort + ")" : ""));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, local);
        System.out.println("incident-detector: " + RunDescription.of(plan) + ", config " + plan.configName()
                + ", parallelism " + parallelism
                + (plan.inputs().latency() ? ", window " + config.latency().window() : ""));
        if (plan.table()) {
            System.out.println(ReadableText.verdictHeader());
        }
        StartupChecks.run(plan);
        long started;
        JobExecutionResult result;
        Optional<OutputFiles> out;
        try (AutoCloseable claim = StartupChecks.claim(plan, kept.map(k -> TransactionalIdClaim.instanceOf(k.folder()))
                .orElseGet(TransactionalIdClaim::thisProcess))) {
            boolean resuming = kept.map(KeptState::resuming).orElse(false);
            List<Incident> leftOpen = kept.isPresent() && !resuming ? LeftOpenIncidents.resolutions(plan,
                    KafkaClientProperties.of(config.kafka()), Instant.now()) : List.of();
            out = JobAssembly.define(env, plan, resuming, leftOpen);
            LeftOpenIncidents.line(leftOpen).ifPresent(System.out::println);
            if (kept.isPresent()) {
                System.out.println(kept.get().begin(env.getStreamGraph(false).getJobGraph(), parallelism));
            }
            started = System.nanoTime();
            try (Progress lines = progress.start()) {
                result = env.execute(config.job().name());
            } catch (Exception e) {
                kept.flatMap(KeptState::failureHint).ifPresent(hint -> System.err.println("hint: " + hint));
                throw e;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (out.isEmpty()) {
            System.out.printf("job finished after %.1f s%n", took.toMillis() / 1000.0);
            return 0;
        }
        HeatmapFiles.write(out.get(), config.canary());
        IncidentPageFiles.write(out.get(), config.canary().bins());
        RunSummary.print(out.get(), result, took, config.latency());
        return 0;
    }

    /** {@link #localConfiguration(Duration)} with the default transaction timeout for a Kafka run. */
    public static Configuration localConfiguration(boolean kafka) {
        return localConfiguration(kafka ? KafkaConfig.defaults().transactionTimeout() : null);
    }

    /**
     * The local MiniCluster's settings. A Kafka run survives a failure by restarting from its last checkpoint (its
     * output is transactional), with restarts and tolerated checkpoint failures that outlast a broker outage shorter
     * than {@code transactionTimeout} ({@link KafkaRestarts}); a file run ({@code transactionTimeout} null) fails at
     * once, since the JSON-lines files would get the replayed records twice. Checkpoints go to files in a temporary
     * folder: Flink's default keeps them in the JobManager's memory, which refuses any operator's state above 5 MB, so
     * a mesh of a few thousand pairs would fail its first checkpoint. A run that keeps its state between starts
     * checkpoints into its state folder instead ({@link KeptState}).
     */
    public static Configuration localConfiguration(Duration transactionTimeout) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, CHECKPOINTS.toUri().toString());
        if (transactionTimeout != null) {
            KafkaRestarts.configure(conf, transactionTimeout);
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        return conf;
    }

    private static final Path CHECKPOINTS = Path.of(System.getProperty("java.io.tmpdir"),
            "incident-detector-checkpoints");

    @Command(name = "generate-events", mixinStandardHelpOptions = true,
            description = "Write a scenario's service-call events as JSON lines (input for --events).")
    static final class GenerateEvents implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "local.yaml")
        String config;
        @Option(names = "--scenario", defaultValue = "demo")
        String scenario;
        @Option(names = "--seed")
        Long seed;
        @Option(names = "--out", required = true, description = "JSON-lines file to write")
        Path out;

        @Override
        public Integer call() throws IOException {
            JobConfig cfg = ConfigLoader.load(config, ScenarioCatalog.allNames()).config();
            var settings = cfg.scenario().withName(scenario);
            if (seed != null) {
                settings = settings.withSeed(seed);
            }
            if (ScenarioCatalog.find(scenario).isEmpty()) {
                throw new ConfigException("--scenario", List.of("'" + scenario + "' has no service-call events. Fix:"
                        + " use one of " + ScenarioCatalog.names()));
            }
            long count = EventsExporter.export(ScenarioCatalog.get(scenario), settings, out);
            System.out.println("wrote " + count + " events to " + out);
            return 0;
        }
    }

    @Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List the built-in scenarios.")
    static final class ListScenarios implements Callable<Integer> {
        @Override
        public Integer call() {
            for (String name : ScenarioCatalog.allNames()) {
                ScenarioCatalog.find(name).ifPresent(s -> System.out.printf("%-18s %5d min  latency: %s%n", name,
                        s.duration().toMinutes(), s.description()));
                CanaryScenarios.find(name).ifPresent(s -> System.out.printf("%-18s %5d min  canary: %s%n", name,
                        s.duration().toMinutes(), s.description()));
            }
            return 0;
        }
    }

    @Command(name = "recording-rules", mixinStandardHelpOptions = true,
            description = "Print Prometheus recording rules that give the job's metrics the seed's lab7_* names.")
    static final class RecordingRulesCommand implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "local.yaml", description = "job configuration: its pairs (default: ${DEFAULT-VALUE})")
        String config;

        @Override
        public Integer call() {
            System.out.print(RecordingRules.yaml(ConfigLoader.load(config, ScenarioCatalog.allNames()).config()));
            return 0;
        }
    }

    /** Durations in Flink's notation, as in the YAML configuration. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return TimeUtils.parseDuration(value);
        }
    }
}
