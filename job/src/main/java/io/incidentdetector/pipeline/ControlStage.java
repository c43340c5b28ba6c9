package io.incidentdetector.pipeline;

import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.control.CommandAuth;
import io.incidentdetector.control.CommandGate;
import io.incidentdetector.control.ControlAudit;
import io.incidentdetector.control.IncidentControl;
import io.incidentdetector.control.ReceivedCommand;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.heat.Grouping;
import io.incidentdetector.incident.Incident;

import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.HashSet;
import java.util.Set;

/**
 * Wires the control topic: replays and the rate of commands refused ({@link CommandAuth}), the gate that holds each
 * command until its time and checks it against the mesh ({@link CommandGate}), the broadcast of what passes to the
 * pair accumulators and group temperatures (thresholds, in broadcast state), and the incident stage
 * ({@link IncidentControl}: silences, acknowledgements, hand resolutions; one instance, in keyed state with
 * event-time timers).
 */
final class ControlStage {

    private static final TypeInformation<ParsedRecord<ControlCommand>> COMMANDS =
            new TypeHint<ParsedRecord<ControlCommand>>() {}.getTypeInfo();

    private ControlStage() {}

    /** The gate; {@code presence}: the pairs coming and going (none when no latency pipeline runs). */
    static SingleOutputStreamOperator<ControlCommand> gate(DataStream<ParsedRecord<ReceivedCommand>> read,
            DataStream<PairPresence> presence, LatencyConfig latency, Set<String> fixedGroups, ControlConfig limits) {
        DataStream<ParsedRecord<ControlCommand>> raw = read.keyBy(r -> CommandAuth.KEY, Types.STRING)
                .process(new CommandAuth(limits), COMMANDS)
                .uid(OperatorIds.CONTROL_AUTH)
                .name("control replays and rate")
                .setParallelism(1);
        Set<String> configured = new HashSet<>();
        for (PairConfig pair : latency.pairs()) {
            configured.add(pair.key());
        }
        Set<String> groups = new HashSet<>(fixedGroups);
        latency.groups().forEach(g -> groups.add(g.name()));
        return raw.keyBy(r -> CommandGate.KEY, Types.STRING)
                .connect(presence.keyBy(p -> CommandGate.KEY, Types.STRING))
                .process(new CommandGate(new Grouping(latency), configured, groups, latency.accumulator().max(),
                        limits),
                        TypeInformation.of(ControlCommand.class))
                .uid(OperatorIds.CONTROL_GATE)
                .name("control commands")
                .setParallelism(1);
    }

    /** Incidents after silences, acknowledgements and hand resolutions; notifications and audit as side outputs. */
    static SingleOutputStreamOperator<Incident> incidents(DataStream<Incident> incidents,
            DataStream<ControlCommand> commands, ControlConfig limits) {
        return incidents.keyBy(i -> IncidentControl.KEY, Types.STRING)
                .connect(commands.keyBy(c -> IncidentControl.KEY, Types.STRING))
                .process(new IncidentControl(limits))
                .uid(OperatorIds.INCIDENT_CONTROL)
                .name("silences, acknowledgements")
                .setParallelism(1);
    }

    /**
     * What the gate and the incident stage did with each command: bounded like a dead letter (an unreadable record's
     * text), counted, written, and one line each on the console.
     */
    static void writeAudit(SingleOutputStreamOperator<ControlCommand> gate,
            SingleOutputStreamOperator<Incident> controlled, DeadLetterConfig bounds, Outputs outputs) {
        DataStream<ControlAudit> audit = gate.getSideOutput(CommandGate.AUDIT)
                .union(controlled.getSideOutput(CommandGate.AUDIT))
                .map(WithinBounds.audits(bounds))
                .returns(ControlAudit.class)
                .uid(OperatorIds.CONTROL_AUDIT_BOUNDS)
                .name("bound control audit")
                .setParallelism(1)
                .map(new Counted<ControlAudit>("control-commands"))
                .returns(ControlAudit.class)
                .uid(OperatorIds.CONTROL_AUDIT_COUNT)
                .name("count control commands")
                .setParallelism(1);
        outputs.controlAudit().ifPresent(sink -> audit.sinkTo(sink).uid(OperatorIds.SINK_CONTROL_AUDIT)
                .name("control audit").setParallelism(1));
        outputs.controlLines().ifPresent(console -> audit.map(ReadableText::control)
                .uid(OperatorIds.CONTROL_AUDIT_TEXT).name("control text").setParallelism(1)
                .sinkTo(console).uid(OperatorIds.SINK_CONTROL_LINES).name("control console").setParallelism(1));
    }
}
