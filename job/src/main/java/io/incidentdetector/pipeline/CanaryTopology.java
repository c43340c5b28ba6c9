package io.incidentdetector.pipeline;

import io.incidentdetector.canary.BinCell;
import io.incidentdetector.canary.CanaryAlert;
import io.incidentdetector.canary.CanaryBinner;
import io.incidentdetector.canary.CanaryComparison;
import io.incidentdetector.canary.CountPerSecond;
import io.incidentdetector.canary.KnownBuilds;
import io.incidentdetector.canary.SecondCount;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.pipeline.CanarySinks;
import io.incidentdetector.pipeline.ReadableText;
import io.incidentdetector.pipeline.CanaryInputs;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

import java.time.Duration;

/**
 * The canary pipeline:
 * <pre>
 * client errors -> known builds (others: dead letters)
 *   -keyBy (build, code)-> 1 s tumbling event-time windows -> SecondCount   (late errors -> side output)
 *   -keyBy comparison-> CanaryBinner (bins, comparison, alert lifecycle) -> CanaryAlert (+ heatmap cells)
 *   per-bin regression heat -> CEP sustained heat | cooled down -> incident lifecycle -> Incident (ERROR_RATE)
 * </pre>
 */
public final class CanaryTopology {

    static final OutputTag<ClientErrorEvent> LATE_ERRORS =
            new OutputTag<>("late-client-errors", TypeInformation.of(ClientErrorEvent.class));

    private CanaryTopology() {}

    /** Streams of the pipeline's stages, for sinks and tests. */
    public record Streams(DataStream<CanaryAlert> alerts, DataStream<BinCell> cells, DataStream<DeadLetter> deadLetters,
            DataStream<Incident> incidents) {}

    public static Streams define(CanaryInputs inputs, CanaryComparison comparison, CanaryConfig config,
            CanarySinks sinks) {
        String baseline = config.baselineBuild();
        String canary = config.canaryBuild();
        SingleOutputStreamOperator<ClientErrorEvent> known = inputs.errors()
                .process(new KnownBuilds(baseline, canary))
                .uid(OperatorIds.ERRORS_KNOWN_BUILDS)
                .name("known builds");
        DataStream<DeadLetter> dead = known.getSideOutput(KnownBuilds.UNKNOWN_BUILDS);
        if (inputs.deadLetters() != null) {
            dead = inputs.deadLetters().union(dead);
        }
        DataStream<DeadLetter> counted = dead.map(new Counted<DeadLetter>("dead-letters"))
                .returns(DeadLetter.class)
                .uid(OperatorIds.CANARY_DEAD_LETTER_COUNT)
                .name("count dead letters");
        if (sinks.deadLetters() != null) {
            counted.sinkTo(sinks.deadLetters()).uid(OperatorIds.SINK_CANARY_DEAD_LETTERS).name("canary dead letters")
                    .setParallelism(1);
        }

        String comparisonKey = baseline + " -> " + canary;
        SingleOutputStreamOperator<SecondCount> perSecond = known
                .keyBy(CountPerSecond::key, Types.STRING)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .sideOutputLateData(LATE_ERRORS)
                .aggregate(new CountPerSecond.Count(), new CountPerSecond.Emit())
                .uid(OperatorIds.ERRORS_PER_SECOND)
                .name("errors per second per (build, code)");
        DataStream<ClientErrorEvent> late = perSecond.getSideOutput(LATE_ERRORS)
                .map(new Counted<ClientErrorEvent>("late-events"))
                .returns(ClientErrorEvent.class)
                .uid(OperatorIds.CANARY_LATE_COUNT)
                .name("count late client errors");
        if (sinks.lateErrors() != null) {
            late.sinkTo(sinks.lateErrors()).uid(OperatorIds.SINK_LATE_ERRORS).name("late client errors")
                    .setParallelism(1);
        }
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

        if (sinks.alerts() != null) {
            alerts.sinkTo(sinks.alerts()).uid(OperatorIds.SINK_ALERTS).name("canary alerts").setParallelism(1);
        }
        if (sinks.alertLines() != null) {
            alerts.map(ReadableText::alert).uid(OperatorIds.ALERT_TEXT).name("alert text")
                    .sinkTo(sinks.alertLines()).uid(OperatorIds.SINK_ALERT_LINES).name("alert console")
                    .setParallelism(1);
        }
        if (sinks.cells() != null) {
            cells.sinkTo(sinks.cells()).uid(OperatorIds.SINK_CELLS).name("heatmap cells").setParallelism(1);
        }
        return new Streams(alerts, cells, counted, incidents);
    }

}
