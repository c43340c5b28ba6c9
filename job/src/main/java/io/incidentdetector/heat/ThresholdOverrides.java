package io.incidentdetector.heat;

import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ServicePair;

import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Thresholds changed at runtime by {@code set-threshold} commands, kept in broadcast state (so in checkpoints and
 * savepoints) by command id, and read in event time: a window at {@code t} takes the newest command for its target
 * with {@code at <= t}. For a pair, a command naming the pair wins over one naming its callee (a service's
 * threshold is the threshold of the calls to it). Per target only the newest {@value #KEPT} commands are kept.
 */
public final class ThresholdOverrides {

    static final int KEPT = 3;

    /** The pair accumulators' commands (targets: pair or service). */
    public static final MapStateDescriptor<String, ControlCommand> PAIRS = new MapStateDescriptor<>(
            "pair-threshold-commands", Types.STRING, TypeInformation.of(ControlCommand.class));
    /** The group temperature's commands (target: group). */
    public static final MapStateDescriptor<String, ControlCommand> GROUPS = new MapStateDescriptor<>(
            "group-threshold-commands", Types.STRING, TypeInformation.of(ControlCommand.class));

    private ThresholdOverrides() {}

    /** Keeps a command if it is a threshold for this operator's targets; drops the oldest of its target's beyond KEPT. */
    static void keep(BroadcastState<String, ControlCommand> state, ControlCommand command, boolean groups)
            throws Exception {
        if (command.kind() != ControlCommand.Kind.SET_THRESHOLD || (command.group() != null) != groups) {
            return;
        }
        state.put(command.id(), command);
        List<ControlCommand> sameTarget = new ArrayList<>();
        for (Map.Entry<String, ControlCommand> e : state.entries()) {
            if (e.getValue().target().equals(command.target())) {
                sameTarget.add(e.getValue());
            }
        }
        sameTarget.sort((a, b) -> b.at().compareTo(a.at()));
        for (int i = KEPT; i < sameTarget.size(); i++) {
            state.remove(sameTarget.get(i).id());
        }
    }

    /** The command that sets the pair's threshold at {@code t}, or null for the configured one. */
    static ControlCommand forPair(ReadOnlyBroadcastState<String, ControlCommand> state, String pair, long t)
            throws Exception {
        String[] services = ServicePair.split(pair);
        String edge = ServicePair.edge(pair);
        ControlCommand byPair = null;
        ControlCommand byService = null;
        for (Map.Entry<String, ControlCommand> e : state.immutableEntries()) {
            ControlCommand c = e.getValue();
            if (c.at().toEpochMilli() > t) {
                continue;
            }
            if (pair.equals(c.pair()) || edge.equals(c.pair())) {
                byPair = newer(byPair, c);
            } else if (services != null && services[1].equals(c.service())) {
                byService = newer(byService, c);
            }
        }
        return byPair != null ? byPair : byService;
    }

    /** The command that sets the group's threshold at {@code t}, or null for the configured one. */
    static ControlCommand forGroup(ReadOnlyBroadcastState<String, ControlCommand> state, String group, long t)
            throws Exception {
        ControlCommand found = null;
        for (Map.Entry<String, ControlCommand> e : state.immutableEntries()) {
            ControlCommand c = e.getValue();
            if (group.equals(c.group()) && c.at().toEpochMilli() <= t) {
                found = newer(found, c);
            }
        }
        return found;
    }

    private static ControlCommand newer(ControlCommand a, ControlCommand b) {
        return a == null || !b.at().isBefore(a.at()) ? b : a;
    }
}
