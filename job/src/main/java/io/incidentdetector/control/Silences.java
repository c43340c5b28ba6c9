package io.incidentdetector.control;

import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.Incident;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The silences in force at the incident stage, in its keyed state ({@code "silences"}), by command id; each ends at
 * its {@code until}, on an event-time timer of the stage. At most {@code control.max-silences} are in force.
 */
final class Silences {

    private final MapState<String, ControlCommand> silences;

    Silences(RuntimeContext runtime) {
        silences = runtime.getMapState(new MapStateDescriptor<>("silences", Types.STRING,
                TypeInformation.of(ControlCommand.class)));
    }

    /**
     * Puts a silence in force (one with the id of another replaces it), or says why not: {@code max} are in force
     * already. Returns null when it is in force.
     */
    String add(ControlCommand silence, TimerService timers, int max) throws Exception {
        if (!silences.contains(silence.id())) {
            int inForce = 0;
            for (String ignored : silences.keys()) {
                inForce++;
            }
            if (inForce >= max) {
                return "control.max-silences (" + max + ") silences are in force already, so silence " + silence.id()
                        + " of " + silence.target() + " is not (the gate had passed it). Fix: end silences no longer"
                        + " needed (send one again with the same id and an earlier until), or raise"
                        + " control.max-silences";
            }
        }
        silences.put(silence.id(), silence);
        timers.registerEventTimeTimer(silence.until().toEpochMilli());
        return null;
    }

    /** Forgets the silences over at {@code timestamp}; true if any was. */
    boolean endBy(long timestamp) throws Exception {
        List<String> over = new ArrayList<>();
        for (Map.Entry<String, ControlCommand> e : silences.entries()) {
            if (e.getValue().until().toEpochMilli() <= timestamp) {
                over.add(e.getKey());
            }
        }
        for (String id : over) {
            silences.remove(id);
        }
        return !over.isEmpty();
    }

    /** The silence covering the record at {@code t}, or null; the newest of overlapping ones. */
    ControlCommand covering(Incident record, Instant t) throws Exception {
        ControlCommand found = null;
        for (Map.Entry<String, ControlCommand> e : silences.entries()) {
            ControlCommand s = e.getValue();
            if (s.during(t) && covers(s, record) && (found == null || s.at().isAfter(found.at())
                    || (s.at().equals(found.at()) && s.id().compareTo(found.id()) > 0))) {
                found = s; // whatever order the state backend keeps
            }
        }
        return found;
    }

    static boolean covers(ControlCommand silence, Incident incident) {
        if (silence.group() != null) {
            return silence.group().equals(incident.group());
        }
        if (silence.service() != null && silence.service().equals(incident.suspect())) {
            return true;
        }
        for (String subject : incident.subjects()) {
            if (ServicePair.split(subject) != null && silence.covers(subject)) {
                return true;
            }
        }
        return false;
    }

    static String describe(ControlCommand silence) {
        return "silence " + silence.id() + " of " + silence.target() + " until " + silence.until()
                + (silence.by() == null ? "" : " by " + silence.by())
                + (silence.reason() == null ? "" : ": " + silence.reason());
    }
}
