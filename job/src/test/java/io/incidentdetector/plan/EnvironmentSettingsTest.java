package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaConfig;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentSettingsTest {

    static final JobConfig KAFKA = JobConfig.defaults().withKafka(KafkaConfig.defaults().with(true, null));

    @Test
    void exactlyOnceKafkaOutputWithoutAnyCheckpointingIsRefusedNamingBothPlacesToSetIt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        assertThatThrownBy(() -> EnvironmentSettings.apply(env, KAFKA))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.delivery-guarantee")
                .hasMessageContaining("set job.checkpoint-interval (e.g. 10s) or the cluster's"
                        + " execution.checkpointing.interval");
    }

    @Test
    void anOperatorWithoutAUidCannotBeBuilt() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        EnvironmentSettings.apply(env, JobConfig.defaults());
        env.fromData(1, 2, 3).uid("numbers").map(i -> i + 1).print().uid("print");
        assertThatThrownBy(env::getStreamGraph)
                .hasMessageContaining("Auto generated UIDs have been disabled");
    }

    @Test
    void checkpointingFromTheClusterOrTheConfigurationIsEnough() {
        Configuration cluster = new Configuration();
        cluster.setString("execution.checkpointing.interval", "10 s");
        StreamExecutionEnvironment clusterEnv = StreamExecutionEnvironment.createLocalEnvironment(1, cluster);
        EnvironmentSettings.apply(clusterEnv, KAFKA);
        assertThat(clusterEnv.getCheckpointConfig().getCheckpointInterval()).isEqualTo(10_000L);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, cluster);
        EnvironmentSettings.apply(env, KAFKA.withJob(new JobSettings(null, 3, Duration.ofSeconds(5))));
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(5_000L);
        assertThat(env.getParallelism()).isEqualTo(3);
    }
}
