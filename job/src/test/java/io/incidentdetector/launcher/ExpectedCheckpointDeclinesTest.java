package io.incidentdetector.launcher;

import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectedCheckpointDeclinesTest {

    @Test
    void declinesOfABoundedRunAreDroppedAndRealCheckpointFailuresAreNot() {
        assertThat(ExpectedCheckpointDeclines.expected(
                new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY))).isTrue();
        assertThat(ExpectedCheckpointDeclines.expected(new IllegalStateException("wrapped",
                new CheckpointException(CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING)))).isTrue();
        assertThat(ExpectedCheckpointDeclines.expected(
                new CheckpointException(CheckpointFailureReason.PERIODIC_SCHEDULER_SHUTDOWN))).isTrue();
        assertThat(ExpectedCheckpointDeclines.expected(
                new CheckpointException(CheckpointFailureReason.CHECKPOINT_EXPIRED))).isFalse();
        assertThat(ExpectedCheckpointDeclines.expected(
                new CheckpointException(CheckpointFailureReason.IO_EXCEPTION, new IOException("disk full")))).isFalse();
        assertThat(ExpectedCheckpointDeclines.expected(new IOException("not a checkpoint"))).isFalse();
        assertThat(ExpectedCheckpointDeclines.expected(null)).isFalse();
    }

    @Test
    void theFilterDeniesOnlyThoseEvents() throws Exception {
        java.lang.reflect.Constructor<ExpectedCheckpointDeclines> constructor =
                ExpectedCheckpointDeclines.class.getDeclaredConstructor();
        constructor.setAccessible(true);
        ExpectedCheckpointDeclines filter = constructor.newInstance();
        assertThat(filter.filter(event(new CheckpointException(
                CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY)))).isEqualTo(Filter.Result.DENY);
        assertThat(filter.filter(event(new CheckpointException(CheckpointFailureReason.CHECKPOINT_EXPIRED))))
                .isEqualTo(Filter.Result.NEUTRAL);
        assertThat(filter.filter(event(null))).isEqualTo(Filter.Result.NEUTRAL);
    }

    private static Log4jLogEvent event(Throwable thrown) {
        return Log4jLogEvent.newBuilder().setLoggerName("org.apache.flink.runtime.checkpoint.CheckpointFailureManager")
                .setLevel(Level.WARN).setMessage(new SimpleMessage("Failed to trigger or complete checkpoint"))
                .setThrown(thrown).build();
    }
}
