package io.incidentdetector.plan;

import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaClientProperties;
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
import io.incidentdetector.source.PrometheusSources;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.PrintSink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Turns a {@link RunPlan} into a job on an environment: the sources it names, the outputs it names (Kafka topics, or
 * JSON-lines files in one folder, plus console lines), and {@link IncidentPipeline} between them. Used by the local
 * launcher and the cluster entry point alike.
 */
public final class JobAssembly {

    private JobAssembly() {}

    /** Builds the job; returns the output folder of a run that writes files. */
    public static Optional<OutputFiles> define(StreamExecutionEnvironment env, RunPlan plan) throws IOException {
        JobConfig config = plan.config();
        EnvironmentSettings.apply(env, config);
        InputPlan in = plan.inputs();
        Inputs inputs;
        Outputs.Builder outputs;
        Optional<OutputFiles> files = Optional.empty();
        if (in.kind() == InputPlan.Kind.KAFKA) {
            Properties clientProperties = KafkaClientProperties.of(config.kafka());
            KafkaStartupCheck.run(config.kafka(), clientProperties, in.latency(), in.canary());
            inputs = KafkaSources.read(env, config.kafka(), clientProperties, config.latency(), config.canary(),
                    config.otlp());
            if (config.kafka().topics().control() != null) {
                inputs = inputs.and(ControlSources.read(env, config.kafka(), clientProperties));
            }
            outputs = new KafkaSinks(config.kafka(), clientProperties).outputs();
        } else if (in.kind() == InputPlan.Kind.PROMETHEUS) {
            inputs = Inputs.none();
            OutputFiles folder = new OutputFiles(Path.of(config.output().dir())).prepare();
            files = Optional.of(folder);
            outputs = folder.sinks(config.output().verdicts());
        } else {
            inputs = in.kind() == InputPlan.Kind.FILES ? fileInputs(env, plan) : generatorInputs(env, plan);
            OutputFiles folder = new OutputFiles(Path.of(config.output().dir())).prepare();
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
        if (in.prometheus()) {
            PrometheusStartupCheck.run(config.prometheus());
            inputs = inputs.and(PrometheusSources.read(env, config.prometheus(), config.latency().model(),
                    config.prometheus().firstStep(java.time.Instant.now())));
        }
        if (in.latency()) {
            inputs = inputs.and(LatencySources.training(env, config.latency(), plan.location()));
        }
        PipelineSettings settings = new PipelineSettings(config.latency(),
                new PipelineSettings.CanarySettings(config.canary(), config.canary().baselineBuild(),
                        config.canary().canaryBuild(), in.clockLabels()));
        IncidentPipeline.build(settings, inputs, outputs.build());
        return files;
    }

    private static Inputs fileInputs(StreamExecutionEnvironment env, RunPlan plan) {
        InputPlan in = plan.inputs();
        Inputs inputs = Inputs.none();
        if (!in.events().isEmpty()) {
            inputs = inputs.and(LatencySources.eventsFiles(env, in.events(), plan.config().latency()));
        }
        if (!in.queryRange().isEmpty()) {
            inputs = inputs.and(LatencySources.queryRange(env, in.queryRange()));
        }
        if (in.canary()) {
            inputs = inputs.and(CanarySources.files(env, in.errorsCsv(), in.errorsJson(), plan.config().canary()));
        }
        return inputs;
    }

    private static Inputs generatorInputs(StreamExecutionEnvironment env, RunPlan plan) {
        JobConfig config = plan.config();
        String scenario = config.scenario().name();
        Inputs inputs = Inputs.none();
        if (plan.inputs().latency()) {
            inputs = inputs.and(LatencySources.generator(env, ScenarioCatalog.get(scenario), config.scenario(),
                    config.latency()));
        }
        if (plan.inputs().canary()) {
            inputs = inputs.and(CanarySources.generator(env, CanaryScenarios.find(scenario).orElseThrow(),
                    config.scenario(), config.canary()));
        }
        return inputs;
    }
}
