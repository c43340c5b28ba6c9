package io.incidentdetector;

import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.launcher.JobWiring;
import io.incidentdetector.launcher.RunOptions;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;

/**
 * Entry point of the cluster job jar ({@code flink run incident-detector.jar --config FILE ...}). Takes the same
 * options as the local launcher; the parallelism is the cluster's unless {@code --parallelism} is given.
 */
public final class IncidentDetectorJob {

    private IncidentDetectorJob() {}

    public static void main(String[] args) throws Exception {
        RunOptions options = new RunOptions();
        new CommandLine(options).parseArgs(args);
        LoadedConfig loaded = JobWiring.resolve(options);
        if (options.parallelism == null) {
            // on a cluster, parallelism is the cluster's (flink run -p N, or parallelism.default), so that a job
            // resumed from a savepoint can be rescaled; --parallelism N still overrides it
            JobSettings job = loaded.config().job();
            loaded = loaded.with(loaded.config().withJob(new JobSettings(job.name(), null, job.checkpointInterval())));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobWiring.define(env, loaded, options);
        env.execute(loaded.config().job().name());
    }
}
