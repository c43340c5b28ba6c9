package io.incidentdetector.plan;

import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.pipeline.IncidentPipeline;
import io.incidentdetector.pipeline.Inputs;
import io.incidentdetector.pipeline.Outputs;
import io.incidentdetector.pipeline.PipelineSettings;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.sink.KafkaSinks;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.sink.alertmanager.AlertmanagerSink;
import io.incidentdetector.source.CanarySources;
import io.incidentdetector.source.ControlSources;
import io.incidentdetector.source.KafkaSources;
import io.incidentdetector.source.LatencySources;
import io.incidentdetector.source.LeftOpenSources;
import io.incidentdetector.source.PrometheusSources;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.PrintSink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Turns a {@link RunPlan} into a job on an environment: the sources it names, the outputs it names (Kafka topics, or
 * JSON-lines files in one folder, plus console lines), and {@link IncidentPipeline} between them. Used by the local
 * launcher and the cluster entry point alike, after {@link StartupChecks}: it asks no server and reads no clock.
 */
public final class JobAssembly {

    private JobAssembly() {}

    /** Builds the job; returns the output folder of a run that writes files. */
    public static Optional<OutputFiles> define(StreamExecutionEnvironment env, RunPlan plan) throws IOException {
        return define(env, plan, false);
    }

    /**
     * Builds the job; with {@code resumed}, for a job that restores a checkpoint, the output files of the run it
     * continues are kept (each sink cuts its file back to the checkpoint), instead of being replaced.
     */
    public static Optional<OutputFiles> define(StreamExecutionEnvironment env, RunPlan plan, boolean resumed)
            throws IOException {
        return define(env, plan, resumed, List.of());
    }

    /**
     * Builds the job; a Kafka run also writes {@code leftOpen}, the records that resolve the incidents a previous run
     * left open ({@link LeftOpenIncidents}; none when it resumes).
     */
    public static Optional<OutputFiles> define(StreamExecutionEnvironment env, RunPlan plan, boolean resumed,
            List<Incident> leftOpen) throws IOException {
        JobConfig config = plan.config();
        EnvironmentSettings.apply(env, config);
        InputPlan in = plan.inputs();
        Inputs inputs;
        Outputs.Builder outputs;
        Optional<OutputFiles> files = Optional.empty();
        if (in instanceof InputPlan.Kafka) {
            Properties clientProperties = KafkaClientProperties.of(config.kafka());
            inputs = KafkaSources.read(env, config.kafka(), clientProperties, config.latency(), config.canary(),
                    config.otlp(), config.eventTime());
            if (config.kafka().topics().control() != null) {
                inputs = inputs.and(ControlSources.read(env, config.kafka(), clientProperties, config.eventTime(),
                        config.control().auth()));
            }
            inputs = inputs.withLeftOpenResolutions(LeftOpenSources.of(env, leftOpen));
            outputs = new KafkaSinks(config.kafka(), clientProperties).outputs();
        } else {
            if (in instanceof InputPlan.Files f) {
                inputs = fileInputs(env, f, config);
            } else if (in instanceof InputPlan.Generator g) {
                inputs = generatorInputs(env, g, config);
            } else {
                inputs = Inputs.none();
            }
            OutputFiles folder = new OutputFiles(Path.of(config.output().dir()));
            if (!resumed) {
                folder.prepare();
            }
            files = Optional.of(folder);
            outputs = folder.sinks(config.output().verdicts());
        }
        if (!plan.quiet()) {
            outputs.incidentLines(new PrintSink<>("incident")).alertLines(new PrintSink<>("alert"))
                    .controlLines(new PrintSink<>("control"));
        }
        if (config.alertmanager().enabled()) {
            outputs.notifications(new AlertmanagerSink(config.alertmanager()));
        }
        if (plan.table()) {
            outputs.verdictTable(new PrintSink<>());
        }
        if (in.prometheus().isPresent()) {
            inputs = inputs.and(PrometheusSources.read(env, config.prometheus(), config.latency(),
                    in.prometheus().get().firstStep(config.prometheus())));
        }
        if (in.latency()) {
            inputs = inputs.and(LatencySources.training(env, config.latency(), plan.location()));
        }
        PipelineSettings settings = new PipelineSettings(config.latency(),
                new PipelineSettings.CanarySettings(config.canary(), config.canary().baselineBuild(),
                        config.canary().canaryBuild(), in.clockLabels()),
                config.deadLetters(), config.control());
        IncidentPipeline.build(settings, inputs, outputs.build());
        return files;
    }

    private static Inputs fileInputs(StreamExecutionEnvironment env, InputPlan.Files in, JobConfig config) {
        Inputs inputs = Inputs.none();
        if (!in.events().isEmpty()) {
            inputs = inputs.and(LatencySources.eventsFiles(env, in.events(), config.latency(), config.eventTime()));
        }
        if (!in.queryRange().isEmpty()) {
            inputs = inputs.and(LatencySources.queryRange(env, in.queryRange(), config.eventTime()));
        }
        if (in.canary()) {
            inputs = inputs.and(CanarySources.files(env, in.errorsCsv(), in.errorsJson(), config.canary(),
                    config.eventTime()));
        }
        return inputs;
    }

    private static Inputs generatorInputs(StreamExecutionEnvironment env, InputPlan.Generator in, JobConfig config) {
        String scenario = config.scenario().name();
        Inputs inputs = Inputs.none();
        if (in.latency()) {
            inputs = inputs.and(LatencySources.generator(env, ScenarioCatalog.get(scenario), config.scenario(),
                    config.latency()));
        }
        if (in.canary()) {
            inputs = inputs.and(CanarySources.generator(env, CanaryScenarios.find(scenario).orElseThrow(),
                    config.scenario(), config.canary()));
        }
        return inputs;
    }
}
