package io.incidentdetector.pipeline;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.heat.GroupMember;
import io.incidentdetector.heat.GroupTemperatureFunction;
import io.incidentdetector.heat.Grouping;
import io.incidentdetector.heat.PairAccumulatorFunction;
import io.incidentdetector.heat.ThresholdOverrides;
import io.incidentdetector.heat.RouteToGroups;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.correlation.IncidentCorrelation;
import io.incidentdetector.judge.BaselineJudge;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.EmitWindowStats;
import io.incidentdetector.window.MergePartials;
import io.incidentdetector.window.PairWindowCombiner;
import io.incidentdetector.window.WindowPartial;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * The latency pipeline, from events to incidents:
 * <pre>
 * events -> sketch per pair and window, chained to the source (late events -> side output)
 *        -keyBy pair-> tumbling event-time window (merge the sketches) -> WindowStats
 *        (+ replayed query_range samples as WindowStats)
 *   -keyBy pair-> BaselineJudge (+ baselines fitted from training files) -> WindowVerdict
 *                 (pairs refused by the cap -> dead letters; pairs that come and go -> the call graph and the
 *                 control gate)
 *   -keyBy pair-> PairAccumulatorFunction -> PairHeat -> RouteToGroups
 *   -keyBy group-> GroupTemperatureFunction -> GroupHeat
 *   -> IncidentPromotion (CEP sustained-heat | cooled-down -> lifecycle) -> Incident per group
 *   -> IncidentCorrelation (one incident per heat, suspect and links over the call graph) -> Incident
 * </pre>
 */
final class LatencyPipeline {

    static final OutputTag<ServiceCallEvent> LATE_EVENTS =
            new OutputTag<>("late-events", TypeInformation.of(ServiceCallEvent.class));
    static final OutputTag<WindowPartial> LATE_PARTS =
            new OutputTag<>("late-parts", TypeInformation.of(WindowPartial.class));

    private LatencyPipeline() {}

    /** Streams of the pipeline's stages, for sinks and tests. */
    record Streams(DataStream<WindowVerdict> verdicts, DataStream<GroupHeat> groupHeat, DataStream<Incident> incidents,
            DataStream<DeadLetter> refused) {}

    /**
     * Service calls (windowed here) and replayed windows, judged against each pair's baseline; the pairs coming and
     * going ({@link #presence}) and the pairs refused by the cap are side outputs.
     */
    static SingleOutputStreamOperator<WindowVerdict> judge(Inputs inputs, LatencyConfig config, Outputs outputs) {
        List<DataStream<WindowStats>> observed = new ArrayList<>();
        inputs.serviceCalls().ifPresent(calls -> observed.add(windows(calls, config, outputs)));
        inputs.replayedWindows().ifPresent(observed::add);
        if (observed.isEmpty()) {
            throw new IllegalArgumentException("no latency input: give service calls or replayed windows");
        }
        DataStream<WindowStats> all = observed.get(0);
        for (int i = 1; i < observed.size(); i++) {
            all = all.union(observed.get(i));
        }
        StreamExecutionEnvironment env = all.getExecutionEnvironment();
        DataStream<TrainedBaseline> training = inputs.trainedBaselines().orElseGet(() -> NoInput.of(env,
                TypeInformation.of(TrainedBaseline.class), OperatorIds.TRAINING_SOURCE, "no training files"));
        return all
                .keyBy(WindowStats::pair, Types.STRING)
                .connect(training.keyBy(TrainedBaseline::pair, Types.STRING))
                .process(new BaselineJudge(config, inputs.trainingForNewPairs()))
                .uid(OperatorIds.BASELINE_JUDGE)
                .name("judge against baseline");
    }

    /** Pairs coming and going, as the judge sees them. */
    static DataStream<PairPresence> presence(SingleOutputStreamOperator<WindowVerdict> verdicts) {
        return verdicts.getSideOutput(BaselineJudge.PRESENCE);
    }

    /** Verdicts to incidents, under the thresholds that {@code commands} set. */
    static Streams incidents(SingleOutputStreamOperator<WindowVerdict> verdicts, DataStream<ControlCommand> commands,
            LatencyConfig config, Outputs outputs) {
        Grouping grouping = new Grouping(config);
        SingleOutputStreamOperator<GroupHeat> groupHeat = verdicts
                .keyBy(WindowVerdict::pair, Types.STRING)
                .connect(commands.broadcast(ThresholdOverrides.PAIRS))
                .process(new PairAccumulatorFunction(config))
                .uid(OperatorIds.PAIR_ACCUMULATORS)
                .name("pair accumulators")
                .flatMap(new RouteToGroups(grouping))
                .returns(GroupMember.class)
                .uid(OperatorIds.ROUTE_TO_GROUPS)
                .name("route to groups")
                .keyBy(GroupMember::group, Types.STRING)
                .connect(commands.broadcast(ThresholdOverrides.GROUPS))
                .process(new GroupTemperatureFunction(grouping, config.pairTtl()))
                .uid(OperatorIds.GROUP_TEMPERATURE)
                .name("group temperature");

        DataStream<Incident> perGroup = IncidentPromotion.promote(groupHeat,
                config.incidents().openAfterWindows(config.window()),
                config.incidents().resolveAfter(), config.window(), IncidentKind.LATENCY, "latency");
        DataStream<Incident> incidents = perGroup
                .keyBy(i -> IncidentCorrelation.MESH, Types.STRING)
                .connect(presence(verdicts).keyBy(p -> IncidentCorrelation.MESH, Types.STRING))
                .process(new IncidentCorrelation())
                .uid(OperatorIds.INCIDENT_CORRELATION)
                .name("suspects and links")
                .setParallelism(1);
        outputs.verdicts().ifPresent(sink -> verdicts.sinkTo(sink)
                .uid(OperatorIds.SINK_VERDICTS).name("window verdicts").setParallelism(1));
        outputs.verdictTable().ifPresent(sink -> verdicts.map(ReadableText::verdictRow)
                .uid(OperatorIds.VERDICT_ROWS).name("verdict rows")
                .sinkTo(sink).uid(OperatorIds.SINK_VERDICT_TABLE).name("verdict table").setParallelism(1));
        return new Streams(verdicts, groupHeat, incidents, verdicts.getSideOutput(BaselineJudge.REFUSED));
    }

    /**
     * Events to per-pair window statistics: summed up per pair and window where they were read (no event crosses the
     * network), then merged in the keyed window. Late events are counted and, if there is a sink, written.
     */
    private static DataStream<WindowStats> windows(DataStream<ServiceCallEvent> events, LatencyConfig config,
            Outputs outputs) {
        SingleOutputStreamOperator<WindowPartial> partials = events
                .transform("pre-aggregate", TypeInformation.of(WindowPartial.class),
                        new PairWindowCombiner(config.window(), LATE_EVENTS))
                .uid(OperatorIds.LATENCY_PRE_AGGREGATE);
        SingleOutputStreamOperator<WindowStats> windows = partials
                .keyBy(WindowPartial::pair, Types.STRING)
                .window(TumblingEventTimeWindows.of(config.window()))
                .sideOutputLateData(LATE_PARTS)
                .aggregate(new MergePartials(), new EmitWindowStats(config.quantile()))
                .uid(OperatorIds.LATENCY_WINDOWS)
                .name("latency windows (p" + Math.round(config.quantile() * 100) + " sketch)");
        DataStream<ServiceCallEvent> late = partials.getSideOutput(LATE_EVENTS)
                .map(new Counted<ServiceCallEvent>("late-events"))
                .returns(ServiceCallEvent.class)
                .uid(OperatorIds.LATE_EVENTS_COUNT)
                .name("count late events");
        // a part is late only when its source was idle while the others closed its window: counted, not written
        windows.getSideOutput(LATE_PARTS)
                .map(new Counted<WindowPartial>("late-events", part -> part.sketch().count()))
                .returns(WindowPartial.class)
                .uid(OperatorIds.LATE_PARTS_COUNT)
                .name("count late parts")
                .sinkTo(new DiscardingSink<>())
                .uid(OperatorIds.LATE_PARTS_DISCARD)
                .name("late parts");
        outputs.lateEvents().ifPresent(sink -> late.sinkTo(sink)
                .uid(OperatorIds.SINK_LATE_EVENTS).name("late events").setParallelism(1));
        return windows;
    }
}
