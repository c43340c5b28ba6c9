package io.incidentdetector.sink.alertmanager;

/**
 * The one thread the sink's state lives on, and its clock. In Flink: the task's mailbox and processing-time timers,
 * so that HTTP responses, retries and re-sends never race with {@code write} or a checkpoint.
 */
interface TaskThread {

    /** Wall-clock milliseconds. */
    long now();

    /** Runs {@code action} on this thread at {@code timeMillis} (wall clock) or soon after. */
    void schedule(long timeMillis, Runnable action);

    /** Runs {@code action} on this thread; callable from any thread. Dropped once the task has ended. */
    void execute(Runnable action);
}
