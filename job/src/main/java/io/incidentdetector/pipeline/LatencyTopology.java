package io.incidentdetector.pipeline;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.heat.GroupMember;
import io.incidentdetector.heat.GroupTemperatureFunction;
import io.incidentdetector.heat.PairAccumulatorFunction;
import io.incidentdetector.heat.PairHeat;
import io.incidentdetector.heat.RouteToGroups;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.judge.BaselineJudge;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.model.BaselineModel;
import io.incidentdetector.pipeline.LatencySinks;
import io.incidentdetector.pipeline.ReadableText;
import io.incidentdetector.pipeline.LatencyInputs;
import io.incidentdetector.window.EmitWindowStats;
import io.incidentdetector.window.LatencySketchAggregate;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

import java.util.Map;

/**
 * The latency pipeline, from events to incidents, independent of where events come from and where results go:
 * <pre>
 * events -keyBy pair-> tumbling event-time window (sketch) -> WindowStats   (late events -> side output)
 *        (+ replayed query_range samples as WindowStats)
 *   -keyBy pair-> BaselineJudge -> WindowVerdict
 *   -keyBy pair-> PairAccumulatorFunction -> PairHeat -> RouteToGroups
 *   -keyBy group-> GroupTemperatureFunction -> GroupHeat
 *   -keyBy group-> CEP sustained-heat | CEP cooled-down -> HeatSignal
 *   -keyBy group-> IncidentLifecycle -> Incident
 * </pre>
 */
public final class LatencyTopology {

    static final OutputTag<ServiceCallEvent> LATE_EVENTS =
            new OutputTag<>("late-events", TypeInformation.of(ServiceCallEvent.class));

    private LatencyTopology() {}

    /** Streams of the pipeline's stages, for sinks and tests. */
    public record Streams(DataStream<WindowVerdict> verdicts, DataStream<GroupHeat> groupHeat,
            DataStream<Incident> incidents, DataStream<DeadLetter> deadLetters) {}

    /** {@code sinks.incidents()} may be null: the caller then sinks the returned incidents (with other pipelines'). */
    public static Streams define(LatencyInputs inputs, LatencyConfig config, Map<String, BaselineModel> models,
            LatencySinks sinks) {
        DataStream<WindowStats> observed = null;
        if (inputs.events() != null) {
            SingleOutputStreamOperator<WindowStats> windows = inputs.events()
                    .keyBy(ServiceCallEvent::pair, Types.STRING)
                    .window(TumblingEventTimeWindows.of(config.window()))
                    .sideOutputLateData(LATE_EVENTS)
                    .aggregate(new LatencySketchAggregate(), new EmitWindowStats(config.quantile()))
                    .uid(OperatorIds.LATENCY_WINDOWS)
                    .name("latency windows (p" + Math.round(config.quantile() * 100) + " sketch)");
            observed = windows;
            DataStream<ServiceCallEvent> late = windows.getSideOutput(LATE_EVENTS)
                    .map(new Counted<ServiceCallEvent>("late-events"))
                    .returns(ServiceCallEvent.class)
                    .uid(OperatorIds.LATE_EVENTS_COUNT)
                    .name("count late events");
            if (sinks.lateEvents() != null) {
                late.sinkTo(sinks.lateEvents()).uid(OperatorIds.SINK_LATE_EVENTS).name("late events").setParallelism(1);
            }
        }
        if (inputs.replayedWindows() != null) {
            observed = observed == null ? inputs.replayedWindows() : observed.union(inputs.replayedWindows());
        }
        if (observed == null) {
            throw new IllegalArgumentException("no latency input: give events or replayed windows");
        }
        DataStream<DeadLetter> dead = null;
        if (inputs.deadLetters() != null) {
            dead = inputs.deadLetters()
                    .map(new Counted<DeadLetter>("dead-letters"))
                    .returns(DeadLetter.class)
                    .uid(OperatorIds.DEAD_LETTER_COUNT)
                    .name("count dead letters");
            if (sinks.deadLetters() != null) {
                dead.sinkTo(sinks.deadLetters()).uid(OperatorIds.SINK_DEAD_LETTERS).name("dead letters").setParallelism(1);
            }
        }

        SingleOutputStreamOperator<WindowVerdict> verdicts = observed
                .keyBy(WindowStats::pair, Types.STRING)
                .process(new BaselineJudge(models, config.model()))
                .uid(OperatorIds.BASELINE_JUDGE)
                .name("judge against baseline");

        SingleOutputStreamOperator<GroupHeat> groupHeat = verdicts
                .keyBy(WindowVerdict::pair, Types.STRING)
                .process(new PairAccumulatorFunction(config))
                .uid(OperatorIds.PAIR_ACCUMULATORS)
                .name("pair accumulators")
                .flatMap(new RouteToGroups(config.groups()))
                .returns(GroupMember.class)
                .uid(OperatorIds.ROUTE_TO_GROUPS)
                .name("route to groups")
                .keyBy(member -> member.group(), Types.STRING)
                .process(new GroupTemperatureFunction(config.groups()))
                .uid(OperatorIds.GROUP_TEMPERATURE)
                .name("group temperature");

        DataStream<Incident> incidents = IncidentPromotion.promote(groupHeat, config.incidents().openAfterWindows(),
                config.incidents().resolveAfter(), config.window(), IncidentKind.LATENCY, "latency");
        if (sinks.incidents() != null) {
            IncidentPromotion.sink(incidents, sinks.incidents(), sinks.incidentLines());
        }
        if (sinks.verdicts() != null) {
            verdicts.sinkTo(sinks.verdicts()).uid(OperatorIds.SINK_VERDICTS).name("window verdicts").setParallelism(1);
        }
        if (sinks.verdictTable() != null) {
            verdicts.map(ReadableText::verdictRow).uid(OperatorIds.VERDICT_ROWS).name("verdict rows")
                    .sinkTo(sinks.verdictTable()).uid(OperatorIds.SINK_VERDICT_TABLE).name("verdict table")
                    .setParallelism(1);
        }
        return new Streams(verdicts, groupHeat, incidents, dead);
    }
}
