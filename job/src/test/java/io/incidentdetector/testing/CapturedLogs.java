package io.incidentdetector.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every message of one logger and the loggers below it ({@code ""}: every logger) from {@code level} up, while open;
 * the job runs in this JVM.
 */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> messages = new ConcurrentLinkedQueue<>();
    private final String logger;
    private final Level previous;

    public CapturedLogs(String logger, Level level) {
        super("captured-" + logger, null, null, true, Property.EMPTY_ARRAY);
        this.logger = logger;
        start();
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        LoggerConfig config = logger.isEmpty() ? configuration.getRootLogger() : new LoggerConfig(logger, level, true);
        previous = config.getLevel();
        config.addAppender(this, level, null);
        config.setLevel(level);
        if (!logger.isEmpty()) {
            configuration.addLogger(logger, config);
        }
        context.updateLoggers();
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void append(LogEvent event) {
        messages.add(event.getMessage().getFormattedMessage());
    }

    @Override
    public void close() {
        LoggerContext context = LoggerContext.getContext(false);
        if (logger.isEmpty()) {
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.getConfiguration().getRootLogger().setLevel(previous);
        } else {
            context.getConfiguration().removeLogger(logger);
        }
        context.updateLoggers();
        stop();
    }
}
