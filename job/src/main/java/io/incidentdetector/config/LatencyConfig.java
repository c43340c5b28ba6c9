package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/** Everything the latency pipeline needs: windows, model, accumulators, groups and incident timing. */
public record LatencyConfig(
        Duration window,
        Double quantile,
        Duration outOfOrderness,
        Duration idleness,
        ModelConfig model,
        AccumulatorConfig accumulator,
        IncidentTimingConfig incidents,
        List<PairConfig> pairs,
        List<GroupConfig> groups)
        implements Serializable {

    public LatencyConfig {
        window = window == null ? Duration.ofSeconds(10) : window;
        quantile = quantile == null ? 0.5 : quantile;
        outOfOrderness = outOfOrderness == null ? Duration.ofSeconds(2) : outOfOrderness;
        idleness = idleness == null ? Duration.ofSeconds(30) : idleness;
        model = model == null ? ModelConfig.defaults() : model;
        accumulator = accumulator == null ? AccumulatorConfig.defaults() : accumulator;
        incidents = incidents == null ? IncidentTimingConfig.defaults() : incidents;
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static LatencyConfig defaults() {
        return new LatencyConfig(null, null, null, null, null, null, null, null, null);
    }

    public LatencyConfig withWindow(Duration newWindow) {
        return new LatencyConfig(newWindow, quantile, outOfOrderness, idleness, model, accumulator, incidents, pairs, groups);
    }

    public LatencyConfig withPairs(List<PairConfig> newPairs) {
        return new LatencyConfig(window, quantile, outOfOrderness, idleness, model, accumulator, incidents, newPairs, groups);
    }

    /** The threshold of a pair: its own if configured, the default otherwise. */
    public double thresholdOf(String pair) {
        for (PairConfig p : pairs) {
            if (p.key().equals(pair) && p.threshold() != null) {
                return p.threshold();
            }
        }
        return accumulator.defaultThreshold();
    }
}
