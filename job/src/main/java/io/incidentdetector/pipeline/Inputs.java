package io.incidentdetector.pipeline;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.Optional;

/**
 * Where data enters the pipelines, with timestamps and watermarks already assigned at the source: service calls
 * (generator, files, Kafka), ready-made window observations (replayed Prometheus query_range exports), client errors,
 * and the records that could not be read. The latency pipeline runs when there are service calls or replayed
 * windows, the canary pipeline when there are client errors.
 */
public final class Inputs {

    private final DataStream<ServiceCallEvent> serviceCalls;
    private final DataStream<WindowStats> replayedWindows;
    private final DataStream<ClientErrorEvent> clientErrors;
    private final DataStream<DeadLetter> deadLetters;
    private final DataStream<TrainedBaseline> trainedBaselines;
    private final boolean trainingForNewPairs;

    private Inputs(DataStream<ServiceCallEvent> serviceCalls, DataStream<WindowStats> replayedWindows,
            DataStream<ClientErrorEvent> clientErrors, DataStream<DeadLetter> deadLetters,
            DataStream<TrainedBaseline> trainedBaselines, boolean trainingForNewPairs) {
        this.serviceCalls = serviceCalls;
        this.replayedWindows = replayedWindows;
        this.clientErrors = clientErrors;
        this.deadLetters = deadLetters;
        this.trainedBaselines = trainedBaselines;
        this.trainingForNewPairs = trainingForNewPairs;
    }

    private Inputs(DataStream<ServiceCallEvent> serviceCalls, DataStream<WindowStats> replayedWindows,
            DataStream<ClientErrorEvent> clientErrors, DataStream<DeadLetter> deadLetters,
            DataStream<TrainedBaseline> trainedBaselines) {
        this(serviceCalls, replayedWindows, clientErrors, deadLetters, trainedBaselines, false);
    }

    public static Inputs none() {
        return new Inputs(null, null, null, null, null);
    }

    /**
     * Baselines of pairs nobody configured, fitted from a history (Prometheus): the windows of every new pair wait
     * for this source to end, so that a pair with history starts judging on its baseline.
     */
    public Inputs withHistoryBaselines(DataStream<TrainedBaseline> baselines) {
        return new Inputs(serviceCalls, replayedWindows, clientErrors, deadLetters, union(trainedBaselines, baselines),
                true);
    }

    public boolean trainingForNewPairs() {
        return trainingForNewPairs;
    }

    /** Baselines fitted inside the job from the configured pairs' training files (a bounded source). */
    public Inputs withTrainedBaselines(DataStream<TrainedBaseline> baselines) {
        return new Inputs(serviceCalls, replayedWindows, clientErrors, deadLetters, union(trainedBaselines, baselines),
                trainingForNewPairs);
    }

    public Inputs withServiceCalls(DataStream<ServiceCallEvent> calls) {
        return new Inputs(union(serviceCalls, calls), replayedWindows, clientErrors, deadLetters, trainedBaselines,
                trainingForNewPairs);
    }

    public Inputs withReplayedWindows(DataStream<WindowStats> windows) {
        return new Inputs(serviceCalls, union(replayedWindows, windows), clientErrors, deadLetters, trainedBaselines,
                trainingForNewPairs);
    }

    public Inputs withClientErrors(DataStream<ClientErrorEvent> errors) {
        return new Inputs(serviceCalls, replayedWindows, union(clientErrors, errors), deadLetters, trainedBaselines,
                trainingForNewPairs);
    }

    public Inputs withDeadLetters(DataStream<DeadLetter> dead) {
        return new Inputs(serviceCalls, replayedWindows, clientErrors, union(deadLetters, dead), trainedBaselines,
                trainingForNewPairs);
    }

    /** Both inputs' streams, each kind unioned. */
    public Inputs and(Inputs other) {
        return new Inputs(union(serviceCalls, other.serviceCalls), union(replayedWindows, other.replayedWindows),
                union(clientErrors, other.clientErrors), union(deadLetters, other.deadLetters),
                union(trainedBaselines, other.trainedBaselines), trainingForNewPairs || other.trainingForNewPairs);
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

    public boolean hasLatencyData() {
        return serviceCalls != null || replayedWindows != null;
    }

    private static <T> DataStream<T> union(DataStream<T> a, DataStream<T> b) {
        return a == null ? b : b == null ? a : a.union(b);
    }
}
