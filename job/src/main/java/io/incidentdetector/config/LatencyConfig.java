package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Everything the latency pipeline needs: windows, model, accumulators, groups and incident timing. Every pair in
 * the input is judged; {@code pairs} only overrides some.
 *
 * @param maxPairs pairs tracked at once; windows of further new pairs go to the dead letters
 * @param pairTtl  a pair silent this long (event time) is forgotten with all its state and leaves its groups
 */
public record LatencyConfig(
        Duration window,
        Double quantile,
        Duration outOfOrderness,
        Duration idleness,
        ModelConfig model,
        AccumulatorConfig accumulator,
        IncidentTimingConfig incidents,
        List<PairConfig> pairs,
        List<GroupConfig> groups,
        GroupingConfig grouping,
        Integer maxPairs,
        Duration pairTtl)
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
        grouping = grouping == null ? GroupingConfig.defaults() : grouping;
        maxPairs = maxPairs == null ? 20_000 : maxPairs;
        pairTtl = pairTtl == null ? Duration.ofHours(1) : pairTtl;
    }

    public static LatencyConfig defaults() {
        return new LatencyConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public LatencyConfig withWindow(Duration newWindow) {
        return new LatencyConfig(newWindow, quantile, outOfOrderness, idleness, model, accumulator, incidents, pairs, groups,
                grouping, maxPairs, pairTtl);
    }

    public LatencyConfig withPairs(List<PairConfig> newPairs) {
        return new LatencyConfig(window, quantile, outOfOrderness, idleness, model, accumulator, incidents, newPairs, groups,
                grouping, maxPairs, pairTtl);
    }

    public LatencyConfig withModel(ModelConfig newModel) {
        return new LatencyConfig(window, quantile, outOfOrderness, idleness, newModel, accumulator, incidents, pairs,
                groups, grouping, maxPairs, pairTtl);
    }

    public LatencyConfig withAccumulator(AccumulatorConfig newAccumulator) {
        return new LatencyConfig(window, quantile, outOfOrderness, idleness, model, newAccumulator, incidents, pairs,
                groups, grouping, maxPairs, pairTtl);
    }

    public LatencyConfig withIdleness(Duration newIdleness) {
        return new LatencyConfig(window, quantile, outOfOrderness, newIdleness, model, accumulator, incidents, pairs,
                groups, grouping, maxPairs, pairTtl);
    }

    public LatencyConfig withGroups(List<GroupConfig> newGroups, GroupingConfig newGrouping) {
        return new LatencyConfig(window, quantile, outOfOrderness, idleness, model, accumulator, incidents, pairs,
                newGroups, newGrouping, maxPairs, pairTtl);
    }

    public LatencyConfig withPairLimits(int newMaxPairs, Duration newPairTtl) {
        return new LatencyConfig(window, quantile, outOfOrderness, idleness, model, accumulator, incidents, pairs,
                groups, grouping, newMaxPairs, newPairTtl);
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
