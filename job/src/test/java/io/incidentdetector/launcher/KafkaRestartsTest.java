package io.incidentdetector.launcher;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRestartsTest {

    @Test
    void restartDelaysOutlastOneAndAHalfTransactionTimeouts() {
        // 1+2+4+8+16+32 s, then 14 x 60 s: 903 s >= 900 s
        assertThat(KafkaRestarts.attempts(Duration.ofMinutes(10))).isEqualTo(20);
        assertThat(KafkaRestarts.attempts(Duration.ofMinutes(1))).isEqualTo(7);
    }

    @Test
    void aKafkaRunRestartsWithExponentialDelayAndToleratesFailedCheckpointsWithinTheTransactionTimeout() {
        Configuration conf = LocalLauncher.localConfiguration(Duration.ofMinutes(10));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS)).isEqualTo(20);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofMinutes(1));
        Duration checkpointTimeout = conf.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT);
        int tolerated = conf.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER);
        assertThat(checkpointTimeout.multipliedBy(tolerated + 1)).isLessThan(Duration.ofMinutes(10));
        assertThat(tolerated).isPositive();
    }

    @Test
    void aFileRunDoesNotRestart() {
        assertThat(LocalLauncher.localConfiguration(false).get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("none");
    }
}
