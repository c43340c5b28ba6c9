package io.incidentdetector.config;

/** A validated configuration together with where it came from (to resolve the files it names). */
public record LoadedConfig(JobConfig config, ConfigLocation location) {

    public LoadedConfig with(JobConfig newConfig) {
        return new LoadedConfig(newConfig, location);
    }
}
