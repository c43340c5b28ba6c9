package io.incidentdetector.launcher;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Drops the lines a Kafka outage makes Flink log on the console, each with a multi-screen stack trace: a task or
 * checkpoint that failed because the brokers did not answer in time (a retriable Kafka error somewhere in its
 * causes), and the second attempt at a commit that timed out. The Kafka connector cannot retry such a commit (its
 * producer already counts the transaction as finished: "Transaction was not started"), logs that data may be lost,
 * and fails the task; the job restarts and commits the transaction from its checkpoint, so nothing is lost while the
 * outage is shorter than the transaction timeout (BrokerOutageITCase). The job reports the outage itself, in a line
 * when it starts and one when it ends ({@link io.incidentdetector.source.KafkaOutageWatch}). Failures for any other
 * reason are still shown.
 */
final class KafkaOutageNoise extends AbstractFilter {

    private KafkaOutageNoise() {
        super(Result.DENY, Result.NEUTRAL);
    }

    /** Adds the filter to the running logging configuration (the local launcher's, not a cluster's). */
    static void install() {
        ExpectedCheckpointDeclines.addToRootLogger(new KafkaOutageNoise());
    }

    @Override
    public Result filter(LogEvent event) {
        return event.getLevel().isLessSpecificThan(Level.WARN) && outage(event.getThrown())
                || commitRetriedAfterTimeout(event.getThrown()) ? onMatch : onMismatch;
    }

    static boolean outage(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    static boolean commitRetriedAfterTimeout(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && NOT_STARTED.equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static final String NOT_STARTED = "Transaction was not started";
}
