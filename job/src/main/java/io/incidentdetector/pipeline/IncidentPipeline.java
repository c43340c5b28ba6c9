package io.incidentdetector.pipeline;

import io.incidentdetector.canary.CanaryComparison;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.control.ControlAudit;
import io.incidentdetector.control.IncidentControl;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The whole job's topology, independent of where data comes from and where results go: the latency pipeline on
 * service calls (or replayed windows), the canary pipeline on client errors, both promoted to incidents by the
 * same CEP patterns and lifecycle, and every record that could not be used counted and sent to the dead letters.
 * The local launcher, the cluster entry point and the tests all build the job through here.
 */
public final class IncidentPipeline {

    private IncidentPipeline() {}

    /** Streams of the built job's stages, for tests; absent where a pipeline did not run. */
    public record Built(Optional<DataStream<WindowVerdict>> verdicts, Optional<DataStream<GroupHeat>> latencyHeat,
            DataStream<Incident> incidents) {}

    public static Built build(PipelineSettings settings, Inputs inputs, Outputs outputs) {
        List<DataStream<Incident>> incidents = new ArrayList<>();
        List<DataStream<DeadLetter>> deadLetters = new ArrayList<>();
        inputs.deadLetters().ifPresent(deadLetters::add);
        Optional<DataStream<WindowVerdict>> verdicts = Optional.empty();
        Optional<DataStream<GroupHeat>> latencyHeat = Optional.empty();
        Set<String> canaryGroups = inputs.clientErrors().isPresent() && settings.canary().canaryBuild() != null
                ? Set.of(CanaryComparison.groupOf(settings.canary().canaryBuild())) : Set.of();
        Optional<SingleOutputStreamOperator<ControlCommand>> gate = Optional.empty();
        if (inputs.hasLatencyData()) {
            LatencyPipeline.Streams latency = LatencyPipeline.build(inputs, settings.latency(), outputs, canaryGroups);
            incidents.add(latency.incidents());
            deadLetters.add(latency.refused());
            verdicts = Optional.of(latency.verdicts());
            latencyHeat = Optional.of(latency.groupHeat());
            gate = latency.controlGate();
        } else if (inputs.controlCommands().isPresent()) {
            gate = Optional.of(ControlStage.gate(inputs.controlCommands().get(), null, settings.latency(),
                    canaryGroups));
        }
        if (inputs.clientErrors().isPresent()) {
            CanaryPipeline.Streams canary = CanaryPipeline.build(inputs.clientErrors().get(), settings.canary(),
                    outputs);
            incidents.add(canary.incidents());
            deadLetters.add(canary.unknownBuilds());
        }
        if (incidents.isEmpty()) {
            throw new IllegalArgumentException("no input: give service calls, replayed windows or client errors");
        }
        DataStream<Incident> all = union(incidents);
        if (gate.isPresent()) {
            SingleOutputStreamOperator<Incident> controlled = ControlStage.incidents(all, gate.get());
            IncidentPromotion.sink(controlled, Optional.of(controlled.getSideOutput(IncidentControl.NOTIFY)),
                    outputs.incidents(), outputs.incidentLines(), outputs.notifications());
            DataStream<ControlAudit> audit = ControlStage.audit(gate.get(), controlled)
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
        } else {
            IncidentPromotion.sink(all, Optional.empty(), outputs.incidents(), outputs.incidentLines(),
                    outputs.notifications());
        }
        if (!deadLetters.isEmpty()) {
            union(deadLetters)
                    .map(new Counted<DeadLetter>("dead-letters"))
                    .returns(DeadLetter.class)
                    .uid(OperatorIds.DEAD_LETTER_COUNT)
                    .name("count dead letters")
                    .sinkTo(outputs.deadLetters())
                    .uid(OperatorIds.SINK_DEAD_LETTERS)
                    .name("dead letters")
                    .setParallelism(1);
        }
        return new Built(verdicts, latencyHeat, all);
    }

    private static <T> DataStream<T> union(List<DataStream<T>> streams) {
        DataStream<T> all = streams.get(0);
        for (int i = 1; i < streams.size(); i++) {
            all = all.union(streams.get(i));
        }
        return all;
    }
}
