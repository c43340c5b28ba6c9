package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.JobConfig;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;

/**
 * Job-level settings of the environment: no Kryo fallback, explicit uids only, object reuse, parallelism, checkpointing (the
 * configuration's interval wins over the cluster's; without either, exactly-once Kafka output is refused).
 */
public final class EnvironmentSettings {

    /** How long a network buffer may wait to fill before it is sent. */
    public static final Duration BUFFER_TIMEOUT = Duration.ofMillis(5);

    private EnvironmentSettings() {}

    public static void apply(StreamExecutionEnvironment env, JobConfig config) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // every operator must carry an explicit uid (pipeline/OperatorIds), or state would not survive an upgrade
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        // every source makes new records and none is changed once sent on (a WindowPartial's sketch is mutable: its
        // pre-aggregator lets go of it with the part, and the window that merges parts gets its own copies through
        // the shuffle), so chained operators may pass records on as they are instead of copying each one through its
        // serializer (a third of the source thread's time without this)
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        // events are summed up before any shuffle, so every exchange carries few records; Flink's default of waiting
        // up to 100 ms to fill a network buffer would then add that much at each of the six hops to an incident
        conf.set(ExecutionOptions.BUFFER_TIMEOUT, BUFFER_TIMEOUT);
        env.configure(conf);
        if (config.job().parallelism() != null) {
            env.setParallelism(config.job().parallelism());
        }
        if (config.job().checkpointInterval() != null) {
            env.enableCheckpointing(config.job().checkpointInterval().toMillis());
        }
        if (config.kafka().enabled() && config.kafka().exactlyOnce()
                && !env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new ConfigException("kafka.delivery-guarantee", List.of("exactly-once commits the Kafka output at"
                    + " checkpoints, but checkpointing is off. Fix: set job.checkpoint-interval (e.g. 10s) or the"
                    + " cluster's execution.checkpointing.interval, or use at-least-once"));
        }
    }
}
