package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * @param name               job name shown in the Flink UI
 * @param parallelism        default parallelism; null keeps the environment's
 * @param checkpointInterval checkpoint interval; null turns checkpointing off (local replays)
 */
public record JobSettings(String name, Integer parallelism, Duration checkpointInterval) implements Serializable {

    public JobSettings {
        name = name == null ? "incident-detector" : name;
    }

    /** Every setting at its default. */
    public static JobSettings defaults() {
        return new JobSettings(null, null, null);
    }
}
