package io.incidentdetector.launcher;

import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.AbstractFilter;

import java.util.EnumSet;
import java.util.Set;

/**
 * Drops the log lines of checkpoints that a bounded run declines as a matter of course: one triggered while tasks
 * are still starting, or after some have finished their input, are closing or are gone; those a restarting job
 * cancels; and one triggered as a finished job stops its checkpoint timer. Flink logs each as a warning with a
 * multi-screen stack trace although nothing is wrong. Every other checkpoint failure (timeouts, storage errors, a
 * task's own failure) is still shown.
 */
final class ExpectedCheckpointDeclines extends AbstractFilter {

    private static final Set<CheckpointFailureReason> EXPECTED = EnumSet.of(
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_NOT_READY,
            CheckpointFailureReason.CHECKPOINT_DECLINED_TASK_CLOSING,
            CheckpointFailureReason.CHECKPOINT_DECLINED_INPUT_END_OF_STREAM,
            CheckpointFailureReason.NOT_ALL_REQUIRED_TASKS_RUNNING,
            // a restarting job suspends its checkpoints; the failure that made it restart is shown (or reported)
            CheckpointFailureReason.CHECKPOINT_COORDINATOR_SUSPEND,
            // a checkpoint triggered just as a finished job stops its checkpoint timer
            CheckpointFailureReason.PERIODIC_SCHEDULER_SHUTDOWN);

    private ExpectedCheckpointDeclines() {
        super(Result.DENY, Result.NEUTRAL);
    }

    /** Adds the filter to the running logging configuration (the local launcher's, not a cluster's). */
    static void install() {
        addToRootLogger(new ExpectedCheckpointDeclines());
    }

    /** On the root logger's configuration: its filters see the whole event, thrown exception included. */
    static void addToRootLogger(AbstractFilter filter) {
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            context.getConfiguration().getRootLogger().addFilter(filter);
            context.updateLoggers();
        }
    }

    @Override
    public Result filter(LogEvent event) {
        return expected(event.getThrown()) ? onMatch : onMismatch;
    }

    /**
     * A checkpoint that reached a task manager just after one of its tasks finished (a bounded source, such as the
     * training files, ends at once): the task manager no longer knows the task.
     */
    private static boolean finishedTask(CheckpointException checkpoint) {
        return checkpoint.getCheckpointFailureReason() == CheckpointFailureReason.TASK_CHECKPOINT_FAILURE
                && checkpoint.getMessage() != null
                && checkpoint.getMessage().contains("received a checkpoint request for unknown task");
    }

    static boolean expected(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof CheckpointException checkpoint) {
                return EXPECTED.contains(checkpoint.getCheckpointFailureReason()) || finishedTask(checkpoint);
            }
        }
        return false;
    }
}
