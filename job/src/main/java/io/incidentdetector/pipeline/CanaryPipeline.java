package io.incidentdetector.pipeline;

import io.incidentdetector.canary.BinCell;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.canary.CanaryBinner;
import io.incidentdetector.canary.CanaryComparison;
import io.incidentdetector.canary.count.CountPerSecond;
import io.incidentdetector.canary.count.SecondCountCombiner;
import io.incidentdetector.canary.KnownBuilds;
import io.incidentdetector.canary.SecondCount;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

import java.time.Duration;

/**
 * The canary pipeline:
 * <pre>
 * client errors -> known builds (others: dead letters)
 *   -> counts per (build, code) and second, chained to the source (late errors -> side output)
 *   -keyBy (build, code)-> 1 s tumbling event-time windows (sum the counts) -> SecondCount
 *   -keyBy comparison-> CanaryBinner (bins, scoring, alert lifecycle) -> CanaryAlert (+ heatmap cells; codes
 *                       beyond canary.max-codes: dead letters)
 *   per-bin regression heat -> IncidentPromotion (CEP sustained heat | cooled down -> lifecycle) -> Incident
 * </pre>
 */
final class CanaryPipeline {

    static final OutputTag<ClientErrorEvent> LATE_ERRORS =
            new OutputTag<>("late-client-errors", TypeInformation.of(ClientErrorEvent.class));
    static final OutputTag<SecondCount> LATE_PARTS =
            new OutputTag<>("late-error-parts", TypeInformation.of(SecondCount.class));

    private CanaryPipeline() {}

    /** Streams of the pipeline's stages, for sinks and tests. */
    record Streams(DataStream<CanaryAlert> alerts, DataStream<BinCell> cells, DataStream<DeadLetter> deadLetters,
            DataStream<Incident> incidents) {}

    static Streams build(DataStream<ClientErrorEvent> errors, PipelineSettings.CanarySettings settings,
            Outputs outputs) {
        CanaryConfig config = settings.config();
        CanaryComparison comparison = settings.comparison();
        SingleOutputStreamOperator<ClientErrorEvent> known = errors
                .process(new KnownBuilds(settings.baselineBuild(), settings.canaryBuild()))
                .uid(OperatorIds.ERRORS_KNOWN_BUILDS)
                .name("known builds");

        String comparisonKey = settings.baselineBuild() + " -> " + settings.canaryBuild();
        SingleOutputStreamOperator<SecondCount> parts = known
                .transform("pre-count", TypeInformation.of(SecondCount.class), new SecondCountCombiner(LATE_ERRORS))
                .uid(OperatorIds.ERRORS_PRE_COUNT);
        SingleOutputStreamOperator<SecondCount> perSecond = parts
                .keyBy(CountPerSecond::key, Types.STRING)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .sideOutputLateData(LATE_PARTS)
                .aggregate(new CountPerSecond.Count(), new CountPerSecond.Emit())
                .uid(OperatorIds.ERRORS_PER_SECOND)
                .name("errors per second per (build, code)");
        // a part is late only when its source was idle while the others closed its second: counted, not written
        perSecond.getSideOutput(LATE_PARTS)
                .map(new Counted<SecondCount>("late-events", SecondCount::count))
                .returns(SecondCount.class)
                .uid(OperatorIds.CANARY_LATE_PARTS_COUNT)
                .name("count late parts")
                .sinkTo(new DiscardingSink<>())
                .uid(OperatorIds.CANARY_LATE_PARTS_DISCARD)
                .name("late parts");
        DataStream<ClientErrorEvent> late = parts.getSideOutput(LATE_ERRORS)
                .map(new Counted<ClientErrorEvent>("late-events"))
                .returns(ClientErrorEvent.class)
                .uid(OperatorIds.CANARY_LATE_COUNT)
                .name("count late client errors");
        outputs.lateErrors().ifPresent(sink -> late.sinkTo(sink)
                .uid(OperatorIds.SINK_LATE_ERRORS).name("late client errors").setParallelism(1));

        SingleOutputStreamOperator<CanaryAlert> alerts = perSecond
                .keyBy(count -> comparisonKey, Types.STRING)
                .process(new CanaryBinner(comparison))
                .uid(OperatorIds.CANARY_BINNER)
                .name("canary bins (" + comparison.mode() + ")");
        DataStream<BinCell> cells = alerts.getSideOutput(CanaryBinner.CELLS);
        Duration bin = Duration.ofSeconds(config.bins());
        DataStream<Incident> incidents = IncidentPromotion.promote(alerts.getSideOutput(CanaryBinner.HEAT),
                config.incidents().openAfterBins(), bin.multipliedBy(config.incidents().resolveAfterBins()), bin,
                IncidentKind.ERROR_RATE, "canary");

        outputs.alerts().ifPresent(sink -> alerts.sinkTo(sink)
                .uid(OperatorIds.SINK_ALERTS).name("canary alerts").setParallelism(1));
        outputs.alertLines().ifPresent(sink -> alerts.map(ReadableText::alert)
                .uid(OperatorIds.ALERT_TEXT).name("alert text")
                .sinkTo(sink).uid(OperatorIds.SINK_ALERT_LINES).name("alert console").setParallelism(1));
        outputs.heatmapCells().ifPresent(sink -> cells.sinkTo(sink)
                .uid(OperatorIds.SINK_CELLS).name("heatmap cells").setParallelism(1));
        // errors of other builds, and counts of codes beyond canary.max-codes
        DataStream<DeadLetter> refused = known.getSideOutput(KnownBuilds.UNKNOWN_BUILDS)
                .union(alerts.getSideOutput(CanaryBinner.REFUSED_CODES));
        return new Streams(alerts, cells, refused, incidents);
    }
}
