package io.incidentdetector.source.prometheus;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.config.PrometheusSourceConfig;
import io.incidentdetector.connectors.prometheus.PrometheusApi;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.List;

/**
 * A FLIP-27 source of one Prometheus query read along the step grid: the live windows of every pair
 * ({@link #windows}), or the baselines fitted from the history before them ({@link #history}). One split, one
 * reader (parallelism 1); its position is in checkpoints.
 */
public final class PrometheusStepSource<T> implements Source<T, StepSplit, List<StepSplit>> {

    private static final long serialVersionUID = 1L;

    private final PrometheusSourceConfig config;
    private final ModelConfig model;
    private final int maxPairs;
    private final StepSplit first;
    private final boolean history;

    private PrometheusStepSource(PrometheusSourceConfig config, LatencyConfig latency, StepSplit first,
            boolean history) {
        this.config = config;
        this.model = latency == null ? null : latency.model();
        this.maxPairs = latency == null ? 0 : latency.maxPairs();
        this.first = first;
        this.history = history;
    }

    /** Windows from the step ending at {@code firstStep} on (to {@code until}, or for ever). */
    public static PrometheusStepSource<WindowStats> windows(PrometheusSourceConfig config, long firstStep) {
        return new PrometheusStepSource<>(config, null,
                new StepSplit("prometheus-windows", firstStep - config.step().toMillis(), config.lastStep()), false);
    }

    /** Baselines from the steps of {@code history} before {@code firstStep}, for at most the judge's pairs. */
    public static PrometheusStepSource<TrainedBaseline> history(PrometheusSourceConfig config, LatencyConfig latency,
            long firstStep) {
        long step = config.step().toMillis();
        long steps = Math.max(1, config.history().toMillis() / step);
        return new PrometheusStepSource<>(config, latency,
                new StepSplit("prometheus-history", firstStep - (steps + 1) * step, firstStep - step), true);
    }

    @Override
    public Boundedness getBoundedness() {
        return history || config.until() != null ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @SuppressWarnings("unchecked")
    @Override
    public SourceReader<T, StepSplit> createReader(SourceReaderContext context) {
        PrometheusApi api = new PrometheusApi(config.url(), config.timeout(), config.maxResponseBytes().getBytes(),
                config.http());
        return history
                ? (SourceReader<T, StepSplit>) new HistoryReader(config, model, maxPairs, api, context.metricGroup(),
                        System::currentTimeMillis)
                : (SourceReader<T, StepSplit>) new WindowsReader(config, api, context.metricGroup(),
                        System::currentTimeMillis);
    }

    @Override
    public SplitEnumerator<StepSplit, List<StepSplit>> createEnumerator(SplitEnumeratorContext<StepSplit> context) {
        return new OneSplitEnumerator(context, List.of(first));
    }

    @Override
    public SplitEnumerator<StepSplit, List<StepSplit>> restoreEnumerator(SplitEnumeratorContext<StepSplit> context,
            List<StepSplit> checkpoint) {
        return new OneSplitEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<StepSplit> getSplitSerializer() {
        return StepSplit.Serializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<StepSplit>> getEnumeratorCheckpointSerializer() {
        return OneSplitEnumerator.StateSerializer.INSTANCE;
    }
}
