package io.incidentdetector.config;

import io.incidentdetector.event.ServicePair;

import org.apache.flink.util.TimeUtils;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the latency pipeline needs: windows, model, accumulators, groups and incident timing. Every pair in
 * the input is judged; {@code pairs} only overrides some.
 *
 * @param maxPairs pairs tracked at once; windows of further new pairs go to the dead letters
 * @param pairTtl  a pair silent this long (event time) is forgotten with all its state and leaves its groups; null
 *                 (not set) is {@link #DEFAULT_PAIR_TTL} and at least {@link #PAIR_TTL_WINDOWS} windows, so that it
 *                 suits any window or replay step
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

    /** The pair TTL when none is set, at windows up to a minute. */
    public static final Duration DEFAULT_PAIR_TTL = Duration.ofHours(1);
    /** The fewest windows the default pair TTL spans: 60 h at hourly replay steps. */
    public static final int PAIR_TTL_WINDOWS = 60;

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
    }

    /** The pair TTL as set, else {@link #DEFAULT_PAIR_TTL} and at least {@link #PAIR_TTL_WINDOWS} windows. */
    @Override
    public Duration pairTtl() {
        return pairTtl != null ? pairTtl : WindowCount.atLeast(DEFAULT_PAIR_TTL, PAIR_TTL_WINDOWS, window);
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

    /**
     * Missing windows in a row that hold a pair's heat: {@code latency.accumulator.gap-windows} if set, else every one
     * until the pair TTL, after which the pair is forgotten.
     */
    public int gapHoldWindows() {
        Integer set = accumulator.gapWindows();
        return set != null ? set : (int) Math.min(Integer.MAX_VALUE, pairTtl().toMillis() / window.toMillis());
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

    /** The latency problems; training files resolve against {@code location}. */
    void check(Problems p, ConfigLocation location) {
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            p.add("latency.window must be at least 1s (got " + window
                    + "); windows and incident ids count in seconds. Fix: use e.g. 10s");
        }
        p.betweenZeroAndOne("latency.quantile", quantile, "0.5 for the median");
        p.notNegative("latency.out-of-orderness", outOfOrderness, "use e.g. 2s");
        p.positive("latency.idleness", idleness, "30s");
        model.check(p, window);
        accumulator.check(p);
        incidents.check(p);
        Set<String> pairKeys = new HashSet<>();
        for (int i = 0; i < pairs.size(); i++) {
            PairConfig pair = pairs.get(i);
            String key = "latency.pairs[" + i + "]";
            if (pair.named() && !pairKeys.add(pair.key())) {
                p.add(key + " repeats the pair " + pair.key() + ". Fix: list each pair once");
            }
            pair.check(p, key, accumulator, location);
        }
        Set<String> groupNames = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            GroupConfig group = groups.get(i);
            boolean nameUsedBefore = !Problems.blank(group.name()) && !groupNames.add(group.name());
            group.check(p, "latency.groups[" + i + "]", nameUsedBefore, accumulator);
        }
        grouping.check(p, accumulator);
        if (maxPairs < 1) {
            p.add("latency.max-pairs must be at least 1 (got " + maxPairs + "). Fix: use e.g. 20000");
        }
        checkPairTtl(p);
    }

    /** Only a TTL the configuration sets can be too short: it must outlast the gaps that hold a pair's heat. */
    private void checkPairTtl(Problems p) {
        if (pairTtl == null) {
            return;
        }
        int fewest = accumulator.gapWindows() == null ? 2 : Math.max(2, accumulator.gapWindows() + 1);
        Duration least = window.multipliedBy(fewest);
        if (pairTtl.compareTo(least) < 0) {
            p.add("latency.pair-ttl (" + TimeUtils.formatWithHighestUnit(pairTtl) + ") must be at least " + fewest
                    + " windows (" + TimeUtils.formatWithHighestUnit(least) + " at the window of "
                    + TimeUtils.formatWithHighestUnit(window) + "), or pairs are forgotten during gaps. Fix: use "
                    + TimeUtils.formatWithHighestUnit(WindowCount.atLeast(DEFAULT_PAIR_TTL, PAIR_TTL_WINDOWS, window))
                    + ", or remove the key (the default is 1h and at least " + PAIR_TTL_WINDOWS + " windows)");
        }
    }

    /** Group members that no pair entry lists: allowed, but often a typo. */
    List<String> warnings() {
        Set<String> defined = new HashSet<>();
        pairs.forEach(pair -> defined.add(pair.key()));
        List<String> warnings = new ArrayList<>();
        for (GroupConfig group : groups) {
            for (String pair : group.pairs()) {
                String key;
                try {
                    key = ServicePair.normalise(pair);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (!defined.contains(key)) {
                    warnings.add("group '" + group.name() + "' names " + key + ", which latency.pairs does not list: it"
                            + " learns online and uses the default threshold (check the spelling if that is not meant)");
                }
            }
        }
        return warnings;
    }
}
