package io.incidentdetector.launcher;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Drops the warnings a Kafka outage makes Flink log on the console: a task or checkpoint that failed because the
 * brokers did not answer in time (a retriable Kafka error somewhere in its causes), each with a multi-screen stack
 * trace. The job reports the outage itself, in a line when it starts and one when it ends
 * ({@link io.incidentdetector.source.KafkaOutageWatch}), and restarts from its last checkpoint as it did before.
 * Errors, and failures for any other reason, are still shown.
 */
final class KafkaOutageNoise extends AbstractFilter {

    private KafkaOutageNoise() {
        super(Result.DENY, Result.NEUTRAL);
    }

    /** Adds the filter to the running logging configuration (the local launcher's, not a cluster's). */
    static void install() {
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            context.getConfiguration().getRootLogger().addFilter(new KafkaOutageNoise());
            context.updateLoggers();
        }
    }

    @Override
    public Result filter(LogEvent event) {
        return event.getLevel().isLessSpecificThan(Level.WARN) && outage(event.getThrown()) ? onMatch : onMismatch;
    }

    static boolean outage(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
