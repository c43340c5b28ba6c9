package io.incidentdetector.launcher;

import io.incidentdetector.canary.BinCell;
import io.incidentdetector.canary.BuildInference;
import io.incidentdetector.canary.CanaryAlert;
import io.incidentdetector.canary.CanaryComparison;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.ConfigValidator;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.config.OutputConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.file.JsonLinesFileSink;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.model.BaselineModel;
import io.incidentdetector.model.TrainingData;
import io.incidentdetector.scenario.CanaryScenario;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.pipeline.CanarySinks;
import io.incidentdetector.sink.KafkaSinks;
import io.incidentdetector.pipeline.LatencySinks;
import io.incidentdetector.pipeline.CanaryInputs;
import io.incidentdetector.source.CanarySources;
import io.incidentdetector.source.KafkaSources;
import io.incidentdetector.pipeline.LatencyInputs;
import io.incidentdetector.source.LatencySources;
import io.incidentdetector.pipeline.CanaryTopology;
import io.incidentdetector.pipeline.IncidentPromotion;
import io.incidentdetector.pipeline.LatencyTopology;
import io.incidentdetector.pipeline.OperatorIds;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.PrintSink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Wiring: turns a configuration plus command-line overrides into sources, sinks and an environment, then hands
 * them to {@link LatencyTopology}. Used by both the cluster entry point and the local launcher.
 */
public final class JobWiring {

    private static final Logger LOG = LoggerFactory.getLogger(JobWiring.class);

    public static final String INCIDENTS_FILE = "incidents.jsonl";
    public static final String WINDOWS_FILE = "windows.jsonl";
    public static final String DEAD_LETTERS_FILE = "dead-letters.jsonl";
    public static final String LATE_EVENTS_FILE = "late-events.jsonl";
    public static final String LATE_ERRORS_FILE = "late-errors.jsonl";
    public static final String ALERTS_FILE = "alerts.jsonl";
    public static final String CELLS_FILE = "heatmap-cells.jsonl";
    public static final String HEATMAP_CSV = "heatmap.csv";
    public static final String HEATMAP_PNG = "heatmap.png";
    static final List<String> OUTPUT_FILES = List.of(INCIDENTS_FILE, WINDOWS_FILE, DEAD_LETTERS_FILE, LATE_EVENTS_FILE,
            LATE_ERRORS_FILE, ALERTS_FILE, CELLS_FILE, HEATMAP_CSV, HEATMAP_PNG);

    private JobWiring() {}

    /** The configuration with the command line applied, validated again. */
    public static LoadedConfig resolve(RunOptions options) {
        options.queryRange.keySet().forEach(pair -> pairKey(pair, "--query-range"));
        options.training.keySet().forEach(pair -> pairKey(pair, "--training"));
        if (options.scenario != null && !ScenarioCatalog.isKnown(options.scenario)) {
            throw new ConfigException("--scenario", List.of("unknown scenario '" + options.scenario
                    + "'. Fix: use one of " + ScenarioCatalog.allNames()));
        }
        if (options.mode != null && !CanaryConfig.RATE.equals(options.mode)
                && !CanaryConfig.SEED_COMPATIBLE.equals(options.mode)) {
            throw new ConfigException("--mode", List.of("unknown mode '" + options.mode
                    + "'. Fix: use rate or seed-compatible"));
        }
        options.training.forEach((pair, file) -> requireReadable("--training", file));
        options.queryRange.forEach((pair, file) -> requireReadable("--query-range", file));
        options.events.forEach(file -> requireReadable("--events", file));
        options.errorsCsv.forEach(file -> requireReadable("--errors-csv", file));
        options.errors.forEach(file -> requireReadable("--errors", file));
        LoadedConfig loaded = ConfigLoader.load(options.config);
        JobConfig config = loaded.config();
        if (options.scenario != null) {
            config = config.withScenario(config.scenario().withName(options.scenario));
        }
        if (options.seed != null) {
            config = config.withScenario(config.scenario().withSeed(options.seed));
        }
        if (options.out != null) {
            config = config.withOutput(new OutputConfig(options.out.toString(), config.output().verdicts()));
        }
        if (options.parallelism != null) {
            JobSettings job = config.job();
            config = config.withJob(new JobSettings(job.name(), options.parallelism, job.checkpointInterval()));
        }
        if (!options.training.isEmpty()) {
            config = config.withLatency(withTraining(config.latency(), options.training));
        }
        if (options.kafka || options.bootstrapServers != null || options.bounded) {
            config = config.withKafka(config.kafka().with(true, options.bootstrapServers));
            if (options.bounded) {
                config = config.withKafka(config.kafka().withBounded(true));
            }
        }
        if (config.kafka().enabled() && (hasLatencyFiles(options) || hasCanaryFiles(options))) {
            throw new ConfigException("--kafka", List.of("Kafka input cannot be combined with --events, --query-range,"
                    + " --errors or --errors-csv. Fix: produce the file into Kafka (`produce --events FILE`), or run"
                    + " without Kafka"));
        }
        config = config.withCanary(config.canary().with(options.mode, options.bins, options.threshold,
                options.thresholdBins));
        if (!options.queryRange.isEmpty() && options.events.isEmpty()) {
            Duration step = replayStep(options.queryRange);
            if (!step.equals(config.latency().window())) {
                LOG.info("query_range replay: samples are {} apart, using that as the window instead of {}", step,
                        config.latency().window());
                config = config.withLatency(config.latency().withWindow(step));
            }
        }
        LoadedConfig resolved = ConfigLoader.revalidate(loaded.with(config));
        CanaryConfig canary = resolved.config().canary();
        if (hasCanaryFiles(options)) {
            String[] builds = BuildInference.builds(canary, options.errorsCsv, options.errors);
            resolved = resolved.with(resolved.config().withCanary(canary.withBuilds(builds[0], builds[1])));
        } else if (canary.baselineBuild() == null && readsKafkaClientErrors(resolved.config())) {
            CanaryScenario scenario = CanaryScenarios.find(resolved.config().scenario().name())
                    .orElseThrow(() -> new ConfigException("canary.baseline-build", List.of("client errors read from"
                            + " Kafka need the two builds to compare. Fix: set canary.baseline-build and"
                            + " canary.canary-build")));
            LOG.info("canary.baseline-build and canary.canary-build are not set: comparing the builds of scenario"
                    + " '{}', {} (canary) against {} (baseline)", scenario.name(), scenario.canaryBuild(),
                    scenario.baselineBuild());
            resolved = resolved.with(resolved.config().withCanary(
                    canary.withBuilds(scenario.baselineBuild(), scenario.canaryBuild())));
        } else if (canary.baselineBuild() == null && runsCanaryGenerator(resolved.config(), options)) {
            CanaryScenario scenario = CanaryScenarios.find(resolved.config().scenario().name()).orElseThrow();
            resolved = resolved.with(resolved.config().withCanary(
                    canary.withBuilds(scenario.baselineBuild(), scenario.canaryBuild())));
        }
        ConfigValidator.warnings(resolved.config()).forEach(LOG::warn);
        warnAboutReplayedPairs(resolved, options);
        return resolved;
    }

    /** The latency pipeline runs on latency files or Kafka, or on the generator when nothing else is given. */
    static boolean runsLatency(JobConfig config, RunOptions options) {
        if (config.kafka().enabled()) {
            return !config.kafka().topics().serviceCalls().isEmpty();
        }
        return hasLatencyFiles(options)
                || !hasCanaryFiles(options) && ScenarioCatalog.find(config.scenario().name()).isPresent();
    }

    static boolean readsKafkaClientErrors(JobConfig config) {
        return config.kafka().enabled() && !config.kafka().topics().clientErrors().isEmpty();
    }

    static boolean runsCanaryGenerator(JobConfig config, RunOptions options) {
        return !config.kafka().enabled() && !hasLatencyFiles(options) && !hasCanaryFiles(options)
                && CanaryScenarios.find(config.scenario().name()).isPresent();
    }

    static boolean hasCanaryFiles(RunOptions options) {
        return !options.errorsCsv.isEmpty() || !options.errors.isEmpty();
    }

    static boolean hasLatencyFiles(RunOptions options) {
        return !options.events.isEmpty() || !options.queryRange.isEmpty();
    }

    private static void requireReadable(String option, Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException(option, List.of("cannot read '" + file + "'. Fix: check the path"));
        }
    }

    /** A replayed pair in no group cannot raise incidents; one trained on another step is judged on a wrong band. */
    private static void warnAboutReplayedPairs(LoadedConfig loaded, RunOptions options) {
        LatencyConfig latency = loaded.config().latency();
        for (Map.Entry<String, Path> entry : options.queryRange.entrySet()) {
            String pair = pairKey(entry.getKey(), "--query-range");
            boolean grouped = latency.groups().stream()
                    .anyMatch(g -> g.pairs().stream().map(ServicePair::normalise).anyMatch(pair::equals));
            if (!grouped) {
                LOG.warn("{} is in no group of the configuration: it is judged, but cannot raise incidents", pair);
            }
            if (options.training.keySet().stream().noneMatch(t -> pairKey(t, "--training").equals(pair))) {
                latency.pairs().stream().filter(p -> p.key().equals(pair) && p.training() != null).findFirst()
                        .ifPresent(p -> warnIfStepsDiffer(loaded, p.training(), pair, latency.window()));
            }
        }
    }

    private static void warnIfStepsDiffer(LoadedConfig loaded, String training, String pair, Duration replayStep) {
        try (InputStream in = loaded.location().open(training)) {
            Duration trainingStep = Duration.ofMillis(QueryRangeFiles.stepMillis(in, training));
            if (!trainingStep.equals(replayStep)) {
                LOG.warn("{} is replayed in steps of {} but trained from the configuration's {} in steps of {};"
                        + " pass --training {}=FILE to train it from data like the replay", pair, replayStep, training,
                        trainingStep, pair);
            }
        } catch (IOException e) {
            LOG.warn("cannot read training file {} of {}: {}", training, pair, e.getMessage());
        }
    }

    /**
     * Replayed samples are already window quantiles, one per step; incident timing (consecutive windows, resolve
     * time) must count in that step, so all replayed files must share it.
     */
    static Duration replayStep(Map<String, Path> files) {
        long step = 0;
        for (Map.Entry<String, Path> entry : files.entrySet()) {
            long fileStep;
            try (InputStream in = Files.newInputStream(entry.getValue())) {
                List<QueryRangeSample> samples = QueryRangeFiles.readSingleSeries(in, entry.getValue().toString());
                for (int i = 1; i < samples.size(); i++) {
                    if (samples.get(i).timestamp() <= samples.get(i - 1).timestamp()) {
                        throw new ConfigException("--query-range", List.of("'" + entry.getValue()
                                + "' goes back in time at point " + (i + 1) + ". Fix: export points in time order"));
                    }
                }
                fileStep = samples.size() < 2 ? 0 : medianGap(samples);
            } catch (IOException e) {
                throw new ConfigException("--query-range", List.of("cannot read '" + entry.getValue() + "': "
                        + e.getMessage() + ". Fix: check the path"));
            }
            if (fileStep <= 0) {
                throw new ConfigException("--query-range", List.of("'" + entry.getValue()
                        + "' has fewer than two points. Fix: export a longer range"));
            }
            if (step != 0 && step != fileStep) {
                throw new ConfigException("--query-range", List.of("the replayed files have different steps ("
                        + Duration.ofMillis(step) + " and " + Duration.ofMillis(fileStep)
                        + "). Fix: export them with the same step"));
            }
            step = fileStep;
        }
        return Duration.ofMillis(step);
    }

    private static LatencyConfig withTraining(LatencyConfig latency, Map<String, Path> training) {
        Map<String, PairConfig> pairs = new LinkedHashMap<>();
        latency.pairs().forEach(p -> pairs.put(p.key(), p));
        for (Map.Entry<String, Path> entry : training.entrySet()) {
            String key = pairKey(entry.getKey(), "--training");
            String file = entry.getValue().toAbsolutePath().toString();
            PairConfig existing = pairs.get(key);
            String[] parts = ServicePair.split(key);
            pairs.put(key, existing == null ? new PairConfig(parts[0], parts[1], null, file) : existing.withTraining(file));
        }
        return latency.withPairs(new ArrayList<>(pairs.values()));
    }

    static String pairKey(String text, String option) {
        try {
            return ServicePair.normalise(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option, List.of(e.getMessage()));
        }
    }

    private static long medianGap(List<QueryRangeSample> samples) {
        long[] gaps = new long[samples.size() - 1];
        for (int i = 1; i < samples.size(); i++) {
            gaps[i - 1] = samples.get(i).timestamp() - samples.get(i - 1).timestamp();
        }
        java.util.Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }

    /**
     * Applies job-level settings: no Kryo fallback, parallelism, checkpointing (the configuration's interval wins
     * over the cluster's; without either, exactly-once Kafka output is refused).
     */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // every operator must carry an explicit uid (topology/OperatorIds), or state would not survive an upgrade
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        env.configure(conf);
        if (config.job().parallelism() != null) {
            env.setParallelism(config.job().parallelism());
        }
        if (config.job().checkpointInterval() != null) {
            env.enableCheckpointing(config.job().checkpointInterval().toMillis());
        }
        if (config.kafka().enabled() && config.kafka().exactlyOnce()
                && !env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new ConfigException("kafka.delivery-guarantee", List.of("exactly-once commits the Kafka output at"
                    + " checkpoints, but checkpointing is off. Fix: set job.checkpoint-interval (e.g. 10s) or the"
                    + " cluster's execution.checkpointing.interval, or use at-least-once"));
        }
    }

    /**
     * Builds the whole job on {@code env}. Inputs are Kafka (with {@code kafka.enabled}), files, or the generator;
     * outputs go to Kafka, or to JSON-lines files in the output folder. The latency pipeline runs on its inputs,
     * the canary pipeline on its inputs; with no input at all, the latency generator runs.
     */
    public static Path define(StreamExecutionEnvironment env, LoadedConfig loaded, RunOptions options) throws IOException {
        JobConfig config = loaded.config();
        configure(env, config);
        Outputs outputs;
        KafkaSources.Inputs kafkaInputs = null;
        if (config.kafka().enabled()) {
            Properties clientProperties = KafkaClientProperties.of(config.kafka());
            KafkaStartupCheck.run(config.kafka(), clientProperties, runsLatency(config, options),
                    readsKafkaClientErrors(config));
            kafkaInputs = KafkaSources.read(env, config.kafka(), clientProperties, config.latency(), config.canary());
            outputs = Outputs.kafka(new KafkaSinks(config.kafka(), clientProperties));
        } else {
            outputs = Outputs.files(Path.of(config.output().dir()), config.output().verdicts());
        }
        DataStream<DeadLetter> deadLetters = null;
        DataStream<Incident> incidents = null;
        if (runsLatency(config, options)) {
            Map<String, BaselineModel> models = TrainingData.trainAll(config, loaded.location());
            LatencySinks sinks = new LatencySinks(null, outputs.verdicts, null, outputs.lateEvents, null,
                    options.table ? new PrintSink<>() : null);
            LatencyInputs inputs = kafkaInputs != null ? kafkaInputs.latency() : inputs(env, config, options);
            LatencyTopology.Streams latency = LatencyTopology.define(inputs, config.latency(), models, sinks);
            deadLetters = latency.deadLetters();
            incidents = latency.incidents();
        }
        if (hasCanaryFiles(options) || runsCanaryGenerator(config, options) || readsKafkaClientErrors(config)) {
            CanaryConfig canary = config.canary();
            CanaryComparison comparison = new CanaryComparison(canary, canary.baselineBuild(), canary.canaryBuild(),
                    !options.errorsCsv.isEmpty());
            CanaryInputs canaryInputs = kafkaInputs != null ? kafkaInputs.canary()
                    : hasCanaryFiles(options) ? CanarySources.files(env, options.errorsCsv, options.errors, canary)
                    : CanarySources.generator(env, CanaryScenarios.find(config.scenario().name()).orElseThrow(),
                            config.scenario(), canary);
            CanarySinks sinks = new CanarySinks(outputs.alerts, options.quiet ? null : new PrintSink<>("alert"),
                    outputs.cells, null, outputs.lateErrors);
            CanaryTopology.Streams streams = CanaryTopology.define(canaryInputs, comparison, canary, sinks);
            deadLetters = deadLetters == null ? streams.deadLetters() : deadLetters.union(streams.deadLetters());
            incidents = incidents == null ? streams.incidents() : incidents.union(streams.incidents());
        }
        IncidentPromotion.sink(incidents, outputs.incidents, options.quiet ? null : new PrintSink<>("incident"));
        if (deadLetters != null) {
            deadLetters.sinkTo(outputs.deadLetters)
                    .uid(OperatorIds.SINK_DEAD_LETTERS).name("dead letters").setParallelism(1);
        }
        return outputs.folder;
    }

    /** Where each output goes: Kafka topics, or JSON-lines files in one folder. Null drops an output. */
    private record Outputs(Path folder, Sink<Incident> incidents, Sink<DeadLetter> deadLetters,
            Sink<WindowVerdict> verdicts, Sink<ServiceCallEvent> lateEvents, Sink<CanaryAlert> alerts,
            Sink<BinCell> cells, Sink<ClientErrorEvent> lateErrors) {

        static Outputs kafka(KafkaSinks kafka) {
            return new Outputs(null, kafka.incidents(), kafka.deadLetters(), kafka.verdicts(), kafka.lateEvents(),
                    kafka.alerts(), null, kafka.lateErrors());
        }

        static Outputs files(Path out, boolean verdicts) throws IOException {
            Files.createDirectories(out);
            for (String file : OUTPUT_FILES) {
                Files.deleteIfExists(out.resolve(file));
            }
            return new Outputs(out,
                    JsonLinesFileSink.jackson(out.resolve(INCIDENTS_FILE)),
                    JsonLinesFileSink.jackson(out.resolve(DEAD_LETTERS_FILE)),
                    verdicts ? JsonLinesFileSink.jackson(out.resolve(WINDOWS_FILE)) : null,
                    JsonLinesFileSink.jackson(out.resolve(LATE_EVENTS_FILE)),
                    JsonLinesFileSink.jackson(out.resolve(ALERTS_FILE)),
                    JsonLinesFileSink.jackson(out.resolve(CELLS_FILE)),
                    JsonLinesFileSink.jackson(out.resolve(LATE_ERRORS_FILE)));
        }
    }

    static LatencyInputs inputs(StreamExecutionEnvironment env, JobConfig config, RunOptions options) {
        LatencyInputs events = null;
        if (!options.events.isEmpty()) {
            events = LatencySources.eventsFiles(env, options.events, config.latency());
        }
        LatencyInputs replay = null;
        if (!options.queryRange.isEmpty()) {
            Map<String, Path> files = new LinkedHashMap<>();
            options.queryRange.forEach((pair, file) -> files.put(pairKey(pair, "--query-range"), file));
            replay = LatencySources.queryRange(env, files);
        }
        if (events == null && replay == null) {
            return LatencySources.generator(env, ScenarioCatalog.get(config.scenario().name()), config.scenario(),
                    config.latency());
        }
        return new LatencyInputs(events == null ? null : events.events(),
                replay == null ? null : replay.replayedWindows(), events == null ? null : events.deadLetters());
    }
}
