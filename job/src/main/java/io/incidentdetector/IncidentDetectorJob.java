package io.incidentdetector;

import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.launcher.JobWiring;
import io.incidentdetector.launcher.RunOptions;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;

/**
 * Entry point of the cluster job jar ({@code flink run incident-detector.jar --config FILE ...}). Takes the same
 * options as the local launcher.
 */
public final class IncidentDetectorJob {

    private IncidentDetectorJob() {}

    public static void main(String[] args) throws Exception {
        RunOptions options = new RunOptions();
        new CommandLine(options).parseArgs(args);
        LoadedConfig loaded = JobWiring.resolve(options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobWiring.define(env, loaded, options);
        env.execute(loaded.config().job().name());
    }
}
