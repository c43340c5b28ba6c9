package io.incidentdetector.pipeline;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.control.ReceivedCommand;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.Optional;

/**
 * Where data enters the pipelines, with timestamps and watermarks already assigned at the source: service calls
 * (generator, files, Kafka, OpenTelemetry spans), ready-made window observations (replayed Prometheus query_range
 * exports, a live Prometheus server), client errors, control commands, and the records that could not be read. The
 * latency pipeline runs when there are service calls or windows, the canary pipeline when there are client errors.
 */
public final class Inputs {

    private final DataStream<ServiceCallEvent> serviceCalls;
    private final DataStream<WindowStats> replayedWindows;
    private final DataStream<ClientErrorEvent> clientErrors;
    private final DataStream<DeadLetter> deadLetters;
    private final DataStream<TrainedBaseline> trainedBaselines;
    private final boolean trainingForNewPairs;
    private final DataStream<ParsedRecord<ReceivedCommand>> controlCommands;
    private final DataStream<Incident> leftOpenResolutions;

    private Inputs(DataStream<ServiceCallEvent> serviceCalls, DataStream<WindowStats> replayedWindows,
            DataStream<ClientErrorEvent> clientErrors, DataStream<DeadLetter> deadLetters,
            DataStream<TrainedBaseline> trainedBaselines, boolean trainingForNewPairs,
            DataStream<ParsedRecord<ReceivedCommand>> controlCommands, DataStream<Incident> leftOpenResolutions) {
        this.serviceCalls = serviceCalls;
        this.replayedWindows = replayedWindows;
        this.clientErrors = clientErrors;
        this.deadLetters = deadLetters;
        this.trainedBaselines = trainedBaselines;
        this.trainingForNewPairs = trainingForNewPairs;
        this.controlCommands = controlCommands;
        this.leftOpenResolutions = leftOpenResolutions;
    }

    public static Inputs none() {
        return new Inputs(null, null, null, null, null, false, null, null);
    }

    /** Baselines fitted inside the job from the configured pairs' training files (a bounded source). */
    public Inputs withTrainedBaselines(DataStream<TrainedBaseline> baselines) {
        return and(new Inputs(null, null, null, null, baselines, false, null, null));
    }

    /**
     * Baselines of pairs nobody configured, fitted from a history (Prometheus): the windows of every new pair wait
     * for this source to end, so that a pair with history starts judging on its baseline.
     */
    public Inputs withHistoryBaselines(DataStream<TrainedBaseline> baselines) {
        return and(new Inputs(null, null, null, null, baselines, true, null, null));
    }

    public Inputs withServiceCalls(DataStream<ServiceCallEvent> calls) {
        return and(new Inputs(calls, null, null, null, null, false, null, null));
    }

    public Inputs withReplayedWindows(DataStream<WindowStats> windows) {
        return and(new Inputs(null, windows, null, null, null, false, null, null));
    }

    public Inputs withClientErrors(DataStream<ClientErrorEvent> errors) {
        return and(new Inputs(null, null, errors, null, null, false, null, null));
    }

    public Inputs withDeadLetters(DataStream<DeadLetter> dead) {
        return and(new Inputs(null, null, null, dead, null, false, null, null));
    }

    /** The control topic's records, read (or refused with the reason), not yet checked against the job's state. */
    public Inputs withControlCommands(DataStream<ParsedRecord<ReceivedCommand>> commands) {
        return and(new Inputs(null, null, null, null, null, false, commands, null));
    }

    /**
     * The records that resolve the incidents a previous run left open ({@code LeftOpen}): final records, written to
     * every incident output as they are.
     */
    public Inputs withLeftOpenResolutions(DataStream<Incident> resolutions) {
        return and(new Inputs(null, null, null, null, null, false, null, resolutions));
    }

    /** Both inputs' streams, each kind unioned. */
    public Inputs and(Inputs other) {
        return new Inputs(union(serviceCalls, other.serviceCalls), union(replayedWindows, other.replayedWindows),
                union(clientErrors, other.clientErrors), union(deadLetters, other.deadLetters),
                union(trainedBaselines, other.trainedBaselines), trainingForNewPairs || other.trainingForNewPairs,
                union(controlCommands, other.controlCommands),
                union(leftOpenResolutions, other.leftOpenResolutions));
    }

    public Optional<DataStream<ServiceCallEvent>> serviceCalls() {
        return Optional.ofNullable(serviceCalls);
    }

    public Optional<DataStream<WindowStats>> replayedWindows() {
        return Optional.ofNullable(replayedWindows);
    }

    public Optional<DataStream<ClientErrorEvent>> clientErrors() {
        return Optional.ofNullable(clientErrors);
    }

    public Optional<DataStream<DeadLetter>> deadLetters() {
        return Optional.ofNullable(deadLetters);
    }

    public Optional<DataStream<TrainedBaseline>> trainedBaselines() {
        return Optional.ofNullable(trainedBaselines);
    }

    public Optional<DataStream<ParsedRecord<ReceivedCommand>>> controlCommands() {
        return Optional.ofNullable(controlCommands);
    }

    public Optional<DataStream<Incident>> leftOpenResolutions() {
        return Optional.ofNullable(leftOpenResolutions);
    }

    public boolean trainingForNewPairs() {
        return trainingForNewPairs;
    }

    public boolean hasLatencyData() {
        return serviceCalls != null || replayedWindows != null;
    }

    private static <T> DataStream<T> union(DataStream<T> a, DataStream<T> b) {
        return a == null ? b : b == null ? a : a.union(b);
    }
}
