package io.incidentdetector.config;

import java.io.Serializable;

/** The whole job configuration, as loaded from one YAML file under {@code jobs-config/}. */
public record JobConfig(JobSettings job, LatencyConfig latency, CanaryConfig canary, ScenarioConfig scenario,
        OutputConfig output) implements Serializable {

    public JobConfig {
        job = job == null ? new JobSettings(null, null, null) : job;
        latency = latency == null ? LatencyConfig.defaults() : latency;
        canary = canary == null ? CanaryConfig.defaults() : canary;
        scenario = scenario == null ? new ScenarioConfig(null, null, null, null, null) : scenario;
        output = output == null ? new OutputConfig(null, null) : output;
    }

    public JobConfig withScenario(ScenarioConfig newScenario) {
        return new JobConfig(job, latency, canary, newScenario, output);
    }

    public JobConfig withLatency(LatencyConfig newLatency) {
        return new JobConfig(job, newLatency, canary, scenario, output);
    }

    public JobConfig withOutput(OutputConfig newOutput) {
        return new JobConfig(job, latency, canary, scenario, newOutput);
    }

    public JobConfig withCanary(CanaryConfig newCanary) {
        return new JobConfig(job, latency, newCanary, scenario, output);
    }

    public JobConfig withJob(JobSettings newJob) {
        return new JobConfig(newJob, latency, canary, scenario, output);
    }
}
