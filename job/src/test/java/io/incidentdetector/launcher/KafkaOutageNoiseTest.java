package io.incidentdetector.launcher;

import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaOutageNoiseTest {

    @Test
    void aTaskThatFailedForBrokersThatDidNotAnswerIsDroppedOtherFailuresAreNot() throws Exception {
        java.lang.reflect.Constructor<KafkaOutageNoise> constructor = KafkaOutageNoise.class.getDeclaredConstructor();
        constructor.setAccessible(true);
        KafkaOutageNoise filter = constructor.newInstance();
        Throwable timedOut = new IOException("Could not perform checkpoint 1", new CheckpointException(
                CheckpointFailureReason.CHECKPOINT_DECLINED, new TimeoutException("awaiting InitProducerId")));
        assertThat(filter.filter(event(Level.WARN, timedOut))).isEqualTo(Filter.Result.DENY);
        assertThat(filter.filter(event(Level.ERROR, timedOut))).as("errors stay").isEqualTo(Filter.Result.NEUTRAL);
        assertThat(filter.filter(event(Level.ERROR, new IllegalStateException("Failed to commit",
                new IllegalStateException("Transaction was not started"))))).isEqualTo(Filter.Result.DENY);
        assertThat(filter.filter(event(Level.WARN, new IOException("disk full")))).isEqualTo(Filter.Result.NEUTRAL);
        assertThat(filter.filter(event(Level.WARN, null))).isEqualTo(Filter.Result.NEUTRAL);
    }

    private static Log4jLogEvent event(Level level, Throwable thrown) {
        return Log4jLogEvent.newBuilder().setLoggerName("org.apache.flink.runtime.taskmanager.Task").setLevel(level)
                .setMessage(new SimpleMessage("switched from RUNNING to FAILED")).setThrown(thrown).build();
    }
}
