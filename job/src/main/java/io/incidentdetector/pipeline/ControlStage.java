package io.incidentdetector.pipeline;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.control.CommandGate;
import io.incidentdetector.control.ControlAudit;
import io.incidentdetector.control.IncidentControl;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.heat.Grouping;
import io.incidentdetector.incident.Incident;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.HashSet;
import java.util.Set;

/**
 * Wires the control topic: the gate that holds each command until its time and checks it against the mesh
 * ({@link CommandGate}), the broadcast of what passes to the pair accumulators and group temperatures (thresholds,
 * in broadcast state), and the incident stage ({@link IncidentControl}: silences, acknowledgements, hand
 * resolutions; one instance, in keyed state with event-time timers).
 */
final class ControlStage {

    private ControlStage() {}

    /** The gate; {@code presence} (pairs coming and going) is null when no latency pipeline runs. */
    static SingleOutputStreamOperator<ControlCommand> gate(DataStream<ParsedRecord<ControlCommand>> raw,
            DataStream<PairPresence> presence, LatencyConfig latency, Set<String> fixedGroups) {
        StreamExecutionEnvironment env = raw.getExecutionEnvironment();
        DataStream<PairPresence> pairs = presence != null ? presence
                : empty(env.fromData(TypeInformation.of(PairPresence.class), new PairPresence("", 0, false)),
                        OperatorIds.CONTROL_NO_PAIRS, "no pairs");
        Set<String> configured = new HashSet<>();
        for (PairConfig pair : latency.pairs()) {
            configured.add(pair.key());
        }
        Set<String> groups = new HashSet<>(fixedGroups);
        latency.groups().forEach(g -> groups.add(g.name()));
        return raw.keyBy(r -> CommandGate.KEY, Types.STRING)
                .connect(pairs.keyBy(p -> CommandGate.KEY, Types.STRING))
                .process(new CommandGate(new Grouping(latency), configured, groups, latency.accumulator().max()),
                        TypeInformation.of(ControlCommand.class))
                .uid(OperatorIds.CONTROL_GATE)
                .name("control commands")
                .setParallelism(1);
    }

    /** No control topic: an empty stream of commands, so the operators that read them are the same either way. */
    static DataStream<ControlCommand> none(StreamExecutionEnvironment env) {
        ControlCommand nothing = new ControlCommand("", java.time.Instant.EPOCH, ControlCommand.Kind.ACKNOWLEDGE, null,
                null, null, null, null, null, null, false, "", null, null);
        return empty(env.fromData(TypeInformation.of(ControlCommand.class), nothing), OperatorIds.CONTROL_NONE,
                "no control commands");
    }

    /** A source that ends at once and sends nothing (Flink's collection source wants one element: it is dropped). */
    private static <T> DataStream<T> empty(DataStream<T> one, String uid, String name) {
        return ((org.apache.flink.streaming.api.datastream.DataStreamSource<T>) one).uid(uid).name(name)
                .filter(x -> false).uid(uid + "-drop").name(name);
    }

    /** Incidents after silences, acknowledgements and hand resolutions; notifications and audit as side outputs. */
    static SingleOutputStreamOperator<Incident> incidents(DataStream<Incident> incidents,
            DataStream<ControlCommand> commands) {
        return incidents.keyBy(i -> IncidentControl.KEY, Types.STRING)
                .connect(commands.keyBy(c -> IncidentControl.KEY, Types.STRING))
                .process(new IncidentControl())
                .uid(OperatorIds.INCIDENT_CONTROL)
                .name("silences, acknowledgements")
                .setParallelism(1);
    }

    static DataStream<ControlAudit> audit(SingleOutputStreamOperator<ControlCommand> gate,
            SingleOutputStreamOperator<Incident> controlled) {
        return gate.getSideOutput(CommandGate.AUDIT).union(controlled.getSideOutput(CommandGate.AUDIT));
    }
}
