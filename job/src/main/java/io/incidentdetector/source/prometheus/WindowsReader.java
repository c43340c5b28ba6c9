package io.incidentdetector.source.prometheus;

import io.incidentdetector.config.PrometheusSourceConfig;
import io.incidentdetector.connectors.http.RedactedUrl;
import io.incidentdetector.connectors.prometheus.PrometheusApi;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Reads the query step by step: once a step is {@code lag} old, asks for every step not read yet (one range query,
 * at most {@value #MAX_STEPS} steps: a restarted job catches up in a few queries), hands each step's samples on as
 * the windows of their pairs, timestamped inside the window that ends at the step, then a watermark at the step's
 * end, so the step's windows are judged at once. A step with no sample of any series is asked again until it is
 * {@code max-delay} old (a lagging or restarting server has not got it yet), then passed as a gap. Queries are
 * asynchronous; the task thread never waits on the network. An answer too long to read makes it ask for fewer
 * steps at a time (see {@link StepReader}).
 */
final class WindowsReader extends StepReader<WindowStats> {

    static final int MAX_STEPS = 240;
    private static final Logger LOG = LoggerFactory.getLogger(WindowsReader.class);
    private static final long EMPTY_RETRY_MS = 5_000;

    private final PrometheusSourceConfig config;
    private final PrometheusApi api;
    private final long step;
    private final PairLabels pairs;
    private final Counter queries;
    private final Counter steps;

    private long inFlightTo;
    private final TreeMap<Long, List<WindowStats>> ready = new TreeMap<>();
    private long readyUpTo = Long.MIN_VALUE;

    WindowsReader(PrometheusSourceConfig config, PrometheusApi api, MetricGroup metrics, LongSupplier clock) {
        super(clock, LOG, metrics, MAX_STEPS, RedactedUrl.of(config.url()));
        this.config = config;
        this.api = api;
        this.step = config.step().toMillis();
        this.pairs = new PairLabels(config.callerLabel(), config.calleeLabel());
        this.queries = metrics.counter("prometheus_queries");
        this.steps = metrics.counter("prometheus_steps");
        metrics.gauge("prometheus_behind_seconds", () -> split == null ? 0L
                : Math.max(0L, (clock.getAsLong() - split.done()) / 1000));
    }

    /** A split restored after {@code prometheus.step} changed is put back on the new grid (else no sample fits). */
    @Override
    protected void started(StepSplit assigned) {
        long aligned = Math.floorDiv(assigned.done(), step) * step;
        if (aligned != assigned.done()) {
            split = assigned.at(aligned);
        }
    }

    @Override
    protected InputStatus poll(ReaderOutput<WindowStats> output) {
        if (readyUpTo > split.done()) {
            long t = split.done() + step;
            List<WindowStats> windows = ready.remove(t);
            if (windows != null) {
                for (WindowStats w : windows) {
                    output.collect(w, t - 1);
                }
            }
            output.emitWatermark(new Watermark(t - 1));
            split = split.at(t);
            steps.inc();
            return InputStatus.MORE_AVAILABLE;
        }
        if (split.finished(step)) {
            return InputStatus.END_OF_INPUT;
        }
        if (inFlight != null) {
            return inFlight.isDone() ? take() : waitFor(inFlight);
        }
        long now = clock.getAsLong();
        long from = split.done() + step;
        long startAt = Math.max(from + config.lag().toMillis(), notBefore);
        if (now < startAt) {
            return waitUntil(startAt);
        }
        long due = Math.floorDiv(now - config.lag().toMillis(), step) * step;
        inFlightTo = Math.min(Math.min(split.last(), due), from + (stepsPerQuery - 1L) * step);
        queries.inc();
        return query(api.queryRange(config.query(), from, inFlightTo, step));
    }

    private InputStatus take() {
        List<PrometheusApi.Series> series = answer();
        if (series == null) {
            return InputStatus.MORE_AVAILABLE;
        }
        accept(series, split.done() + step, inFlightTo, clock.getAsLong());
        if (readyUpTo <= split.done()) {
            notBefore = clock.getAsLong() + Math.min(step, EMPTY_RETRY_MS);
        }
        return InputStatus.MORE_AVAILABLE;
    }

    /** Files the samples of steps {@code from..to} by step; trailing steps without any sample wait if still young. */
    void accept(List<PrometheusApi.Series> series, long from, long to, long now) {
        ready.clear();
        long lastWithData = from - step;
        for (PrometheusApi.Series s : series) {
            String pair = pairs.pairOf(s.labels());
            if (pair == null) {
                continue;
            }
            for (QueryRangeSample sample : s.samples()) {
                long t = sample.timestamp();
                if (t < from || t > to || Math.floorMod(t, step) != 0) {
                    continue;
                }
                List<WindowStats> windows = ready.computeIfAbsent(t, k -> new ArrayList<>());
                if (containsPair(windows, pair)) {
                    pairs.duplicate(pair, s.labels());
                    continue;
                }
                windows.add(new WindowStats(pair, Instant.ofEpochMilli(t - step), Instant.ofEpochMilli(t), 0,
                        sample.value()));
                lastWithData = Math.max(lastWithData, t);
            }
        }
        long oldEnoughToBeAGap = Math.floorDiv(now - config.maxDelay().toMillis(), step) * step;
        readyUpTo = Math.max(lastWithData, Math.min(to, oldEnoughToBeAGap));
        ready.tailMap(readyUpTo, false).clear();
    }

    private static boolean containsPair(List<WindowStats> windows, String pair) {
        if (windows.size() < 8) {
            for (WindowStats w : windows) {
                if (w.pair().equals(pair)) {
                    return true;
                }
            }
            return false;
        }
        Set<String> names = new HashSet<>();
        windows.forEach(w -> names.add(w.pair()));
        return names.contains(pair);
    }
}
