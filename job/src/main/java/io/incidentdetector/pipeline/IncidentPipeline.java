package io.incidentdetector.pipeline;

import io.incidentdetector.canary.CanaryComparison;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.control.IncidentControl;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;

import org.apache.flink.api.common.typeinfo.TypeInformation;
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
        Optional<SingleOutputStreamOperator<WindowVerdict>> judged = inputs.hasLatencyData()
                ? Optional.of(LatencyPipeline.judge(inputs, settings.latency(), outputs)) : Optional.empty();
        // one control gate: it reads the pairs the judge sees when the latency pipeline runs, none otherwise
        Optional<SingleOutputStreamOperator<ControlCommand>> gate = inputs.controlCommands().map(raw ->
                ControlStage.gate(raw, judged.map(LatencyPipeline::presence).orElseGet(() -> NoInput.of(
                        raw.getExecutionEnvironment(), TypeInformation.of(PairPresence.class),
                        OperatorIds.CONTROL_NO_PAIRS, "no pairs")), settings.latency(), canaryGroups(settings, inputs),
                settings.control()));
        Optional<DataStream<WindowVerdict>> verdicts = Optional.empty();
        Optional<DataStream<GroupHeat>> latencyHeat = Optional.empty();
        if (judged.isPresent()) {
            DataStream<ControlCommand> commands = gate.<DataStream<ControlCommand>>map(g -> g).orElseGet(() ->
                    NoInput.of(judged.get().getExecutionEnvironment(), TypeInformation.of(ControlCommand.class),
                            OperatorIds.CONTROL_NONE, "no control commands"));
            LatencyPipeline.Streams latency = LatencyPipeline.incidents(judged.get(), commands, settings.latency(),
                    outputs);
            incidents.add(latency.incidents());
            deadLetters.add(latency.refused());
            verdicts = Optional.of(latency.verdicts());
            latencyHeat = Optional.of(latency.groupHeat());
        }
        if (inputs.clientErrors().isPresent()) {
            CanaryPipeline.Streams canary = CanaryPipeline.build(inputs.clientErrors().get(), settings.canary(),
                    outputs);
            incidents.add(canary.incidents());
            deadLetters.add(canary.deadLetters());
        }
        if (incidents.isEmpty()) {
            throw new IllegalArgumentException("no input: give service calls, replayed windows or client errors");
        }
        DataStream<Incident> all = union(incidents);
        if (gate.isPresent()) {
            SingleOutputStreamOperator<Incident> controlled = ControlStage.incidents(all, gate.get(),
                    settings.control());
            IncidentOutputs.write(controlled, Optional.of(controlled.getSideOutput(IncidentControl.NOTIFY)),
                    inputs.leftOpenResolutions(), outputs);
            ControlStage.writeAudit(gate.get(), controlled, settings.deadLetters(), outputs);
        } else {
            IncidentOutputs.write(all, Optional.empty(), inputs.leftOpenResolutions(), outputs);
        }
        if (!deadLetters.isEmpty()) {
            union(deadLetters)
                    .map(WithinBounds.deadLetters(settings.deadLetters()))
                    .returns(DeadLetter.class)
                    .uid(OperatorIds.DEAD_LETTER_BOUNDS)
                    .name("bound dead letters")
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

    /** Groups a control command may name besides the latency ones: the canary's, when it runs. */
    private static Set<String> canaryGroups(PipelineSettings settings, Inputs inputs) {
        return inputs.clientErrors().isPresent() && settings.canary().canaryBuild() != null
                ? Set.of(CanaryComparison.groupOf(settings.canary().canaryBuild())) : Set.of();
    }

    private static <T> DataStream<T> union(List<DataStream<T>> streams) {
        DataStream<T> all = streams.get(0);
        for (int i = 1; i < streams.size(); i++) {
            all = all.union(streams.get(i));
        }
        return all;
    }
}
