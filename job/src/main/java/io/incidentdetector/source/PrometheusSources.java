package io.incidentdetector.source;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.PrometheusSourceConfig;
import io.incidentdetector.connectors.http.RedactedUrl;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.pipeline.Inputs;
import io.incidentdetector.pipeline.OperatorIds;
import io.incidentdetector.source.prometheus.PrometheusStepSource;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The latency pipeline's input from a Prometheus server: every pair's window per step, and, when
 * {@code prometheus.history} is set, every pair's baseline fitted from the history before the first step. The
 * source sets its own watermark at the end of every step it has handed on (it alone knows when a step is whole).
 */
public final class PrometheusSources {

    private PrometheusSources() {}

    /** @param firstStep end of the first live step, epoch ms ({@link PrometheusSourceConfig#firstStep}) */
    public static Inputs read(StreamExecutionEnvironment env, PrometheusSourceConfig config, LatencyConfig latency,
            long firstStep) {
        DataStream<WindowStats> windows = env
                .fromSource(PrometheusStepSource.windows(config, firstStep), WatermarkStrategy.noWatermarks(),
                        "prometheus " + RedactedUrl.of(config.url()), TypeInformation.of(WindowStats.class))
                .uid(OperatorIds.PROMETHEUS_SOURCE)
                .setParallelism(1);
        Inputs inputs = Inputs.none().withReplayedWindows(windows);
        if (config.history().isZero()) {
            return inputs;
        }
        DataStream<TrainedBaseline> baselines = env
                .fromSource(PrometheusStepSource.history(config, latency, firstStep), WatermarkStrategy.noWatermarks(),
                        "prometheus history " + config.history(), TypeInformation.of(TrainedBaseline.class))
                .uid(OperatorIds.PROMETHEUS_HISTORY_SOURCE)
                .setParallelism(1);
        return inputs.withHistoryBaselines(baselines);
    }
}
