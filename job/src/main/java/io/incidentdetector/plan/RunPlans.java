package io.incidentdetector.plan;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.config.Choice;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.config.OutputConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.heat.Grouping;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.ScenarioCatalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link RunPlan} in one pass: checks the request, reads the YAML, applies the command line, decides the
 * inputs, applies the facts they fix ({@link InputFacts}: the replay step becomes the window; the builds to compare),
 * and validates the result once, reporting every problem together.
 */
public final class RunPlans {

    private static final Logger LOG = LoggerFactory.getLogger(RunPlans.class);

    private RunPlans() {}

    public static RunPlan from(RunRequest request) {
        checkRequest(request);
        return from(request, ConfigLoader.read(request.config()));
    }

    /** With a configuration read or built elsewhere (tests); the request still applies on top of it. */
    public static RunPlan from(RunRequest request, LoadedConfig loaded) {
        checkRequest(request);
        JobConfig config = withCommandLine(loaded.config(), request);
        InputPlan inputs = inputs(config, request);
        config = InputFacts.apply(config, inputs);
        ConfigLoader.validate(loaded.with(config), ScenarioCatalog.allNames());
        config.warnings().forEach(LOG::warn);
        if (config.kafka().topics().control() != null && !config.kafka().enabled()) {
            LOG.warn("kafka.topics.control is set, but this run does not use Kafka, so no command is read. Fix: add"
                    + " --kafka (the control topic is read from the job's brokers)");
        }
        warnAboutReplayedPairs(config, request, loaded);
        return new RunPlan(config, loaded.location(), request.config(), inputs, request.quiet(), request.table());
    }

    private static void checkRequest(RunRequest request) {
        request.queryRange().keySet().forEach(pair -> pairKey(pair, "--query-range"));
        request.training().keySet().forEach(pair -> pairKey(pair, "--training"));
        if (request.scenario() != null && !ScenarioCatalog.isKnown(request.scenario())) {
            throw new ConfigException("--scenario", List.of("unknown scenario '" + request.scenario()
                    + "'. Fix: use one of " + ScenarioCatalog.allNames()));
        }
        if (request.mode() != null) {
            mode(request);
        }
        request.training().values().forEach(file -> requireReadable("--training", file));
        request.queryRange().values().forEach(file -> requireReadable("--query-range", file));
        request.events().forEach(file -> requireReadable("--events", file));
        request.errorsCsv().forEach(file -> requireReadable("--errors-csv", file));
        request.errors().forEach(file -> requireReadable("--errors", file));
        if (request.prometheus() != null && (request.hasLatencyFiles() || request.hasCanaryFiles())) {
            throw new ConfigException("--prometheus", List.of("Prometheus input cannot be combined with --events,"
                    + " --query-range, --errors or --errors-csv. Fix: drop the files, or run without --prometheus"));
        }
        if (request.asksForKafka() && (request.hasLatencyFiles() || request.hasCanaryFiles())) {
            throw new ConfigException("--kafka", List.of("Kafka input cannot be combined with --events, --query-range,"
                    + " --errors or --errors-csv. Fix: produce the file into Kafka (`produce --events FILE`), or run"
                    + " without Kafka"));
        }
    }

    private static JobConfig withCommandLine(JobConfig config, RunRequest request) {
        if (request.scenario() != null) {
            config = config.withScenario(config.scenario().withName(request.scenario()));
        }
        if (request.seed() != null) {
            config = config.withScenario(config.scenario().withSeed(request.seed()));
        }
        if (request.out() != null) {
            config = config.withOutput(new OutputConfig(request.out().toString(), config.output().verdicts()));
        }
        JobSettings job = config.job();
        if (request.parallelism() != null || request.onCluster()) {
            // on a cluster the parallelism is the cluster's (flink run -p N, or parallelism.default), so that a job
            // resumed from a savepoint can be rescaled; --parallelism N still overrides it
            config = config.withJob(new JobSettings(job.name(), request.parallelism(), job.checkpointInterval()));
        }
        if (!request.training().isEmpty()) {
            config = config.withLatency(withTraining(config.latency(), request.training()));
        }
        if (request.prometheus() != null) {
            config = config.withPrometheus(config.prometheus().withUrl(request.prometheus()));
        }
        if (request.asksForKafka()) {
            config = config.withKafka(config.kafka().with(true, request.bootstrapServers()));
            if (request.bounded()) {
                config = config.withKafka(config.kafka().withBounded(true));
            }
        }
        if (!request.alertmanager().isEmpty()) {
            config = config.withAlertmanager(config.alertmanager().enabledWith(request.alertmanager()));
        }
        return config.withCanary(config.canary().with(request.mode() == null ? null : mode(request), request.bins(),
                request.threshold(),
                request.thresholdBins()));
    }

    /**
     * Kafka when enabled; files when any are given; else the generator for what the scenario simulates. The latency
     * pipeline runs on service calls or replays, the canary pipeline on client errors. A Prometheus server is read
     * from the step due now.
     */
    private static InputPlan inputs(JobConfig config, RunRequest request) {
        Optional<InputPlan.Prometheus> prometheus = config.prometheus().enabled()
                ? Optional.of(new InputPlan.Prometheus(Instant.now()))
                : Optional.empty();
        if (config.kafka().enabled()) {
            KafkaConfig.KafkaTopicsConfig topics = config.kafka().topics();
            return new InputPlan.Kafka(prometheus.isPresent() || !topics.serviceCalls().isEmpty()
                    || !topics.otlpSpans().isEmpty(), !topics.clientErrors().isEmpty(), prometheus);
        }
        if (prometheus.isPresent()) {
            return prometheus.get();
        }
        if (request.hasLatencyFiles() || request.hasCanaryFiles()) {
            Map<String, Path> replays = new LinkedHashMap<>();
            request.queryRange().forEach((pair, file) -> replays.put(pairKey(pair, "--query-range"), file));
            return new InputPlan.Files(request.events(), replays, request.errorsCsv(), request.errors());
        }
        String scenario = config.scenario().name();
        return new InputPlan.Generator(ScenarioCatalog.find(scenario).isPresent(),
                CanaryScenarios.find(scenario).isPresent());
    }

    private static CanaryMode mode(RunRequest request) {
        try {
            return Choice.of(CanaryMode.class, request.mode());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--mode", List.of(e.getMessage()));
        }
    }

    private static void requireReadable(String option, Path file) {
        if (!Files.isReadable(file)) {
            throw new ConfigException(option, List.of("cannot read '" + file + "'. Fix: check the path"));
        }
    }

    /** A replayed pair in no group cannot raise incidents; one trained on another step is judged on a wrong band. */
    private static void warnAboutReplayedPairs(JobConfig config, RunRequest request, LoadedConfig loaded) {
        LatencyConfig latency = config.latency();
        Grouping grouping = new Grouping(latency);
        for (String replayed : request.queryRange().keySet()) {
            String pair = pairKey(replayed, "--query-range");
            if (grouping.groupsOf(pair).isEmpty()) {
                LOG.warn("{} is in no group (latency.grouping.rules {}): it is judged, but cannot raise incidents",
                        pair, latency.grouping().rules());
            }
            boolean trainedHere = request.training().keySet().stream()
                    .anyMatch(t -> pairKey(t, "--training").equals(pair));
            if (!trainedHere) {
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

    private static LatencyConfig withTraining(LatencyConfig latency, Map<String, Path> training) {
        Map<String, PairConfig> pairs = new LinkedHashMap<>();
        latency.pairs().forEach(p -> pairs.put(p.key(), p));
        for (Map.Entry<String, Path> entry : training.entrySet()) {
            String key = pairKey(entry.getKey(), "--training");
            String file = entry.getValue().toAbsolutePath().toString();
            PairConfig existing = pairs.get(key);
            String[] parts = ServicePair.split(key);
            pairs.put(key, existing == null ? new PairConfig(parts[0], parts[1], null, file)
                    : existing.withTraining(file));
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
}
