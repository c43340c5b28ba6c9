package io.incidentdetector.source.prometheus;

import io.incidentdetector.connectors.prometheus.PrometheusApi;
import io.incidentdetector.metrics.OutageReport;
import io.incidentdetector.metrics.ThrottledLog;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What both Prometheus readers share: the one split, an asynchronous query at a time, and telling Flink when there
 * is something to do (an answer came, a wait is over, the split arrived) instead of ever blocking the task thread.
 * An answer longer than {@code prometheus.max-response-bytes} fails its query like any failure (counted, backoff),
 * and halves the steps the reader asks for at a time.
 */
abstract class StepReader<T> implements SourceReader<T, StepSplit> {

    protected final LongSupplier clock;
    protected StepSplit split;
    protected CompletableFuture<List<PrometheusApi.Series>> inFlight;
    /** No query before this wall-clock time (backing off after a failure, or waiting for a step). */
    protected long notBefore = Long.MIN_VALUE;
    /** The last failed query's cause; null after an answer. */
    protected Throwable lastFailure;
    /** Steps asked for in one range query; halved after an answer too long to read. */
    protected int stepsPerQuery;
    /** Whether the last failure halved {@link #stepsPerQuery} (it was an answer too long, of more than one step). */
    protected boolean askingForLess;
    private final Backoff backoff;
    private final Counter failures;
    private final Counter tooLarge;
    private final ThrottledLog tooLargeLog;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    StepReader(LongSupplier clock, Logger log, MetricGroup metrics, int stepsPerQuery, String url) {
        this.clock = clock;
        this.stepsPerQuery = stepsPerQuery;
        OutageReport outage = new OutageReport("prometheus", "Prometheus", url,
                "the job waits for it and reads on from where it stopped; no step is skipped", log);
        outage.registerMetrics(metrics);
        this.backoff = new Backoff(log, outage);
        this.failures = metrics.counter("prometheus_query_failures");
        this.tooLarge = metrics.counter("prometheus_responses_too_large");
        this.tooLargeLog = new ThrottledLog(log, Duration.ofMinutes(1));
    }

    /**
     * The answer to the query in flight (which must be done), or null when it failed: the failure is counted, kept
     * in {@link #lastFailure}, and the next query waits for the backoff.
     */
    protected List<PrometheusApi.Series> answer() {
        try {
            List<PrometheusApi.Series> series = inFlight.join();
            backoff.succeeded();
            lastFailure = null;
            return series;
        } catch (CompletionException e) {
            failures.inc();
            lastFailure = e.getCause() == null ? e : e.getCause();
            askingForLess = lastFailure instanceof PrometheusApi.ResponseTooLarge && stepsPerQuery > 1;
            if (lastFailure instanceof PrometheusApi.ResponseTooLarge) {
                tooLarge.inc();
                stepsPerQuery = Math.max(1, stepsPerQuery / 2);
                tooLargeLog.warn("{} (prometheus.max-response-bytes); asking for {} steps at a time now. Fix: raise"
                        + " prometheus.max-response-bytes, or make prometheus.query give fewer series",
                        lastFailure.getMessage(), stepsPerQuery);
            }
            notBefore = clock.getAsLong() + backoff.failed(lastFailure);
            return null;
        } finally {
            inFlight = null;
        }
    }

    /** One step of work on the split: hand on what is ready, or start or await a query. */
    protected abstract InputStatus poll(ReaderOutput<T> output);

    /** The split arrived (at start, or restored from a checkpoint). */
    protected void started(StepSplit assigned) {}

    @Override
    public void start() {}

    @Override
    public final InputStatus pollNext(ReaderOutput<T> output) {
        if (split == null) {
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        return poll(output);
    }

    /** Sends a query; nothing to do until it is answered. */
    protected InputStatus query(CompletableFuture<List<PrometheusApi.Series>> query) {
        inFlight = query;
        return waitFor(query);
    }

    protected InputStatus waitFor(CompletableFuture<?> future) {
        available = future.handle((r, e) -> null);
        return InputStatus.NOTHING_AVAILABLE;
    }

    protected InputStatus waitUntil(long wallClockMillis) {
        CompletableFuture<Void> wake = new CompletableFuture<>();
        CompletableFuture.delayedExecutor(Math.max(1, wallClockMillis - clock.getAsLong()), TimeUnit.MILLISECONDS)
                .execute(() -> wake.complete(null));
        available = wake;
        return InputStatus.NOTHING_AVAILABLE;
    }

    /** A query is out (tests wait for its answer rather than for time). */
    boolean inFlight() {
        return inFlight != null;
    }

    @Override
    public List<StepSplit> snapshotState(long checkpointId) {
        return split == null ? List.of() : List.of(split);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<StepSplit> splits) {
        split = splits.get(0);
        started(split);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
        if (inFlight != null) {
            inFlight.cancel(true);
        }
    }
}
