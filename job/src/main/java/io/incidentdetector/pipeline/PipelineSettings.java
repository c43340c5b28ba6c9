package io.incidentdetector.pipeline;

import io.incidentdetector.canary.CanaryComparison;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.config.LatencyConfig;

import java.util.Objects;

/**
 * What the pipelines need to know besides their inputs: the latency configuration, the canary comparison
 * (configuration, the two builds, how bins are labelled), and the control topic's caps.
 */
public record PipelineSettings(LatencyConfig latency, CanarySettings canary, ControlConfig control) {

    public PipelineSettings {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(control, "control");
    }

    /** With the control section's defaults. */
    public PipelineSettings(LatencyConfig latency, CanarySettings canary) {
        this(latency, canary, ControlConfig.defaults());
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
