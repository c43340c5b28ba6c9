package io.incidentdetector.pipeline;

import io.incidentdetector.canary.CanaryComparison;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.config.LatencyConfig;

import java.util.Objects;

/**
 * What the pipelines need to know besides their inputs: the latency configuration, the canary comparison
 * (configuration, the two builds, how bins are labelled), how much of a refused record its dead letter keeps, and
 * the control topic's caps.
 */
public record PipelineSettings(LatencyConfig latency, CanarySettings canary, DeadLetterConfig deadLetters,
        ControlConfig control) {

    public PipelineSettings {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(canary, "canary");
        deadLetters = deadLetters == null ? DeadLetterConfig.defaults() : deadLetters;
        control = control == null ? ControlConfig.defaults() : control;
    }

    /** With the default dead-letter bounds and control caps. */
    public PipelineSettings(LatencyConfig latency, CanarySettings canary) {
        this(latency, canary, null, null);
    }

    /**
     * @param clockLabels label bins {@code H:MM:SS} from the base time, as the error-stream script's CSV files do
     */
    public record CanarySettings(CanaryConfig config, String baselineBuild, String canaryBuild, boolean clockLabels) {

        public CanaryComparison comparison() {
            if (baselineBuild == null || canaryBuild == null) {
                throw new IllegalStateException("the canary pipeline needs both builds; the run plan sets them");
            }
            return new CanaryComparison(config, baselineBuild, canaryBuild, clockLabels);
        }
    }
}
