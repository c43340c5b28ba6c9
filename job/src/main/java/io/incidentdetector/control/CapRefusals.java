package io.incidentdetector.control;

import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.metrics.ThrottledLog;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Commands a cap of the {@code control} section rejects: audited with the reason, counted in
 * {@code control_commands_refused}, logged at most once a minute.
 */
final class CapRefusals {

    private final Counter refused;
    private final ThrottledLog log;

    CapRefusals(RuntimeContext runtime, Class<?> stage) {
        this.refused = runtime.getMetricGroup().counter("control_commands_refused");
        this.log = new ThrottledLog(LoggerFactory.getLogger(stage), Duration.ofMinutes(1));
    }

    /** Rejects {@code command} when a cap gives a reason ({@code why} not null); true if it did. */
    boolean refuse(String why, ControlCommand command, Consumer<ControlAudit> audit) {
        if (why == null) {
            return false;
        }
        audit.accept(ControlAudit.rejected(command, why));
        refused.inc();
        log.warn("control command {} rejected: {}", command.id(), why);
        return true;
    }
}
