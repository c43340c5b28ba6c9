package io.incidentdetector.control;

import io.incidentdetector.event.ControlCommand;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Commands waiting for their {@code at} in a stage's keyed state ({@code "waiting-commands"}), each with an
 * event-time timer; at most {@code control.max-waiting} at once.
 */
final class WaitingCommands {

    private final ListState<ControlCommand> waiting;
    private final int max;

    WaitingCommands(RuntimeContext runtime, int max) {
        this.waiting = runtime.getListState(new ListStateDescriptor<>("waiting-commands",
                TypeInformation.of(ControlCommand.class)));
        this.max = max;
    }

    /** Holds {@code command} until the watermark reaches its {@code at}; or says why not (null when it is held). */
    String hold(ControlCommand command, TimerService timers) throws Exception {
        int count = 0;
        Instant earliest = null;
        Iterable<ControlCommand> all = waiting.get();
        if (all != null) {
            for (ControlCommand c : all) {
                count++;
                earliest = earliest == null || c.at().isBefore(earliest) ? c.at() : earliest;
            }
        }
        if (count >= max) {
            return "control.max-waiting (" + max + ") commands already wait for their time (the earliest is due at "
                    + earliest + "), so this one, due at " + command.at() + ", is not held. Fix: send it when it is"
                    + " due, or raise control.max-waiting";
        }
        waiting.add(command);
        timers.registerEventTimeTimer(command.at().toEpochMilli());
        return null;
    }

    /** Takes the commands due at {@code timestamp}, in time order; the others go on waiting. */
    List<ControlCommand> due(long timestamp) throws Exception {
        List<ControlCommand> later = new ArrayList<>();
        List<ControlCommand> due = new ArrayList<>();
        Iterable<ControlCommand> all = waiting.get();
        if (all != null) {
            for (ControlCommand c : all) {
                (c.at().toEpochMilli() <= timestamp ? due : later).add(c);
            }
        }
        waiting.update(later);
        due.sort(Comparator.comparing(ControlCommand::at));
        return due;
    }
}
