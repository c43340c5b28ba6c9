package io.incidentdetector.source.prometheus;

import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.config.PrometheusSourceConfig;
import io.incidentdetector.connectors.http.RedactedUrl;
import io.incidentdetector.connectors.prometheus.PrometheusApi;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.model.TrainingPoints;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Reads the query over the history before the first live step, in range queries of at most {@value #MAX_STEPS}
 * steps (Prometheus answers at most 11,000 points per series, and limits the samples a query may load), fits each
 * pair's baseline from its points, sends one {@link TrainedBaseline} per pair with at least {@value #MIN_POINTS}
 * points, and ends. Until it ends, the judge holds the windows of new pairs, so no pair starts judging on an empty
 * model while its history is coming; a history the server refuses, or that fails {@value #MAX_FAILURES} times in a
 * row, is given up and the pairs learn online. At most {@code latency.max-pairs} pairs are read (the judge could
 * track no more), each with at most {@code latency.model.max-training-points} points, the most recent; what is left
 * out is counted and logged once, at the fit.
 */
final class HistoryReader extends StepReader<TrainedBaseline> {

    static final int MAX_STEPS = 1_000;
    /** Failed attempts in a row after which the history is given up: pairs learn online rather than wait. */
    static final int MAX_FAILURES = 10;
    static final int MIN_POINTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);

    private final PrometheusSourceConfig config;
    private final PrometheusApi api;
    private final ModelConfig model;
    private final int maxPairs;
    private final long step;
    private final PairLabels pairs;
    private final Map<String, Points> points = new LinkedHashMap<>();
    private final Deque<TrainedBaseline> trained = new ArrayDeque<>();
    /** Pairs of the history beyond {@code latency.max-pairs}: not read. */
    private final Set<String> pairsLeftOut = new HashSet<>();
    private final Counter pointsDropped;
    private final Counter pairsRefused;

    private long cursor;
    private boolean fitted;
    private long inFlightTo;
    private int failuresInRow;

    HistoryReader(PrometheusSourceConfig config, ModelConfig model, int maxPairs, PrometheusApi api,
            MetricGroup metrics, LongSupplier clock) {
        super(clock, LOG, metrics, MAX_STEPS, RedactedUrl.of(config.url()));
        this.config = config;
        this.model = model;
        this.maxPairs = maxPairs;
        this.pointsDropped = metrics.counter("training_points_dropped");
        this.pairsRefused = metrics.counter("history_pairs_refused");
        this.api = api;
        this.step = config.step().toMillis();
        this.pairs = new PairLabels(config.callerLabel(), config.calleeLabel());
    }

    @Override
    protected InputStatus poll(ReaderOutput<TrainedBaseline> output) {
        if (fitted) {
            TrainedBaseline next = trained.poll();
            if (next == null) {
                split = split.at(split.last());
                return InputStatus.END_OF_INPUT;
            }
            output.collect(next, split.last());
            return InputStatus.MORE_AVAILABLE;
        }
        if (split.done() >= split.last()) {
            return InputStatus.END_OF_INPUT;
        }
        if (inFlight != null) {
            return inFlight.isDone() ? take() : waitFor(inFlight);
        }
        if (clock.getAsLong() < notBefore) {
            return waitUntil(notBefore);
        }
        long from = cursor + step;
        inFlightTo = Math.min(split.last(), from + (stepsPerQuery - 1L) * step);
        return query(api.queryRange(config.query(), from, inFlightTo, step));
    }

    private InputStatus take() {
        List<PrometheusApi.Series> series = answer();
        if (series == null) {
            boolean permanent = lastFailure instanceof PrometheusApi.QueryException q && q.permanent();
            if (permanent || (!askingForLess && ++failuresInRow >= MAX_FAILURES)) {
                // a history that cannot be read must not hold every new pair back for ever
                LOG.warn("Prometheus history {} given up after {} failed attempts ({}); pairs learn online",
                        config.history(), failuresInRow + (permanent ? 1 : 0), lastFailure.getMessage());
                points.clear();
                fitted = true;
            }
            return InputStatus.MORE_AVAILABLE;
        }
        failuresInRow = 0;
        for (PrometheusApi.Series s : series) {
            String pair = pairs.pairOf(s.labels());
            if (pair != null) {
                Points p = points.get(pair);
                if (p == null) {
                    if (points.size() >= maxPairs) {
                        if (pairsLeftOut.size() < maxPairs && pairsLeftOut.add(pair)) {
                            pairsRefused.inc();
                        }
                        continue;
                    }
                    p = new Points(model.maxTrainingPoints());
                    points.put(pair, p);
                }
                if (p.lastChunk == inFlightTo) {
                    pairs.duplicate(pair, s.labels());
                    continue;
                }
                p.lastChunk = inFlightTo;
                for (QueryRangeSample sample : s.samples()) {
                    p.points.add(sample.timestamp(), sample.value());
                }
            }
        }
        cursor = inFlightTo;
        if (cursor >= split.last()) {
            fit();
        }
        return InputStatus.MORE_AVAILABLE;
    }

    private void fit() {
        BaselineTrainer trainer = new BaselineTrainer(model);
        int tooShort = 0;
        int cut = 0;
        for (Map.Entry<String, Points> entry : points.entrySet()) {
            TrainingPoints p = entry.getValue().points;
            if (p.dropped() > 0) {
                cut++;
                pointsDropped.inc(p.dropped());
            }
            if (p.size() < MIN_POINTS) {
                tooShort++;
                continue;
            }
            try {
                trained.add(new TrainedBaseline(entry.getKey(), p.train(trainer), "prometheus history", null));
            } catch (RuntimeException e) {
                tooShort++;
            }
        }
        points.clear();
        fitted = true;
        LOG.info("Prometheus history {}: baselines for {} pairs{}", config.history(), trained.size(),
                tooShort == 0 ? "" : "; " + tooShort + " pairs had fewer than " + MIN_POINTS + " points and learn online");
        if (cut > 0) {
            LOG.warn("Prometheus history {}: {} pairs had more than latency.model.max-training-points ({}) points;"
                    + " the most recent were fitted", config.history(), cut, model.maxTrainingPoints());
        }
        if (!pairsLeftOut.isEmpty()) {
            LOG.warn("Prometheus history {}: {}{} pairs beyond latency.max-pairs ({}) were not read; they learn online"
                    + " if the judge has room for them", config.history(), pairsLeftOut.size() >= maxPairs ? "at least "
                    : "", pairsLeftOut.size(), maxPairs);
            pairsLeftOut.clear();
        }
    }

    @Override
    protected void started(StepSplit assigned) {
        cursor = Math.floorDiv(assigned.done(), step) * step;
    }

    /** A pair's points, 16 bytes each (a day of minute steps for 1,000 pairs is 23 MB), and its last chunk read. */
    private static final class Points {
        final TrainingPoints points;
        long lastChunk = Long.MIN_VALUE;

        Points(int max) {
            points = new TrainingPoints(max);
        }
    }
}
