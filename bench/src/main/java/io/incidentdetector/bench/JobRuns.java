package io.incidentdetector.bench;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.DeliveryGuarantee;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.config.OutputConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.config.StartingOffsets;
import io.incidentdetector.launcher.HeatmapFiles;
import io.incidentdetector.launcher.LocalLauncher;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.plan.RunRequest;
import io.incidentdetector.plan.StartupChecks;
import io.incidentdetector.sink.OutputFiles;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The whole job, wired exactly as the launcher wires it, on a local MiniCluster of the given parallelism. */
final class JobRuns {

    private JobRuns() {}

    /** The demo's traffic mix with every pair's request rate multiplied by {@code scale}. */
    static ScenarioConfig demoMix(double scale) {
        ScenarioConfig d = ScenarioConfig.defaults();
        return new ScenarioConfig("demo", d.seed(), d.start(), d.requestsPerUser() * scale, d.backgroundRps() * scale);
    }

    static StreamExecutionEnvironment environment(int parallelism) {
        // as the launcher runs a file job: no restarts, checkpoints (if any) to files
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, LocalLauncher.localConfiguration(false));
    }

    /** Runs a built-in scenario from the generator to incident files; returns the job's run time in seconds. */
    static double generator(String scenario, ScenarioConfig settings, int parallelism, Path out) throws Exception {
        RunPlan base = RunPlans.from(RunRequest.scenario(ConfigLoader.DEFAULT_CONFIG, scenario, null)
                .quietlyTo(out, parallelism));
        JobConfig config = base.config()
                .withScenario(settings == null ? base.config().scenario() : settings)
                .withOutput(new OutputConfig(out.toString(), false));
        return execute(new RunPlan(config, base.location(), base.configName(), base.inputs(), true, false),
                parallelism);
    }

    /** The topic names of a Kafka run; every name starts with {@code prefix}. */
    static KafkaConfig.KafkaTopicsConfig topics(String prefix) {
        return new KafkaConfig.KafkaTopicsConfig(List.of(prefix + "calls"), List.of(prefix + "errors"),
                prefix + "incidents", prefix + "alerts", prefix + "dead", null, null, null, null, null);
    }

    /** Runs the job on Kafka: reads the loaded input topics to their end, incidents out exactly once. */
    static double kafka(String bootstrapServers, String prefix, String run, int parallelism,
            Duration checkpointInterval) throws Exception {
        RunOptions options = new RunOptions();
        options.kafka = true;
        options.bootstrapServers = bootstrapServers;
        options.quiet = true;
        options.parallelism = parallelism;
        RunPlan base = RunPlans.from(options.toRequest());
        LoadedConfig resolved = new LoadedConfig(base.config(), base.location());
        KafkaConfig kafka = new KafkaConfig(true, bootstrapServers, prefix + run, StartingOffsets.EARLIEST, true,
                topics(prefix), DeliveryGuarantee.EXACTLY_ONCE, prefix + run, Duration.ofMinutes(5),
                Duration.ofSeconds(30), Map.of(), Map.of(), null);
        JobConfig config = base.config().withKafka(kafka)
                .withJob(new JobSettings(base.config().job().name(), parallelism, checkpointInterval));
        return execute(RunPlans.from(options.toRequest(), resolved.with(config)), parallelism);
    }

    /** The canary pipeline on seed-format CSV files, heatmap files included; returns {job seconds, output seconds}. */
    static double[] canary(Path csv, Path out) throws Exception {
        RunOptions options = new RunOptions();
        options.errorsCsv = List.of(csv);
        options.out = out;
        options.quiet = true;
        options.parallelism = 1;
        RunPlan plan = RunPlans.from(options.toRequest());
        StreamExecutionEnvironment env = environment(1);
        Optional<OutputFiles> files = JobAssembly.define(env, plan);
        JobExecutionResult result = env.execute("bench canary");
        long started = System.nanoTime();
        HeatmapFiles.write(files.orElseThrow(), plan.config().canary());
        return new double[] {result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3, (System.nanoTime() - started) / 1e9};
    }

    private static double execute(RunPlan plan, int parallelism) throws Exception {
        StartupChecks.run(plan);
        StreamExecutionEnvironment env = environment(parallelism);
        JobAssembly.define(env, plan);
        JobExecutionResult result = env.execute("bench");
        return result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
    }
}
