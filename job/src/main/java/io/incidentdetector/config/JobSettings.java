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

    void check(Problems p) {
        if (parallelism != null && parallelism < 1) {
            p.add("job.parallelism must be at least 1 (got " + parallelism + "). Fix: set 1 or more, or remove it");
        }
        if (checkpointInterval != null && checkpointInterval.toMillis() < 10) {
            p.add("job.checkpoint-interval must be at least 10ms (got " + checkpointInterval
                    + "). Fix: use e.g. 30s, or remove it to turn checkpointing off");
        }
    }
}
