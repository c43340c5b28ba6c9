package io.incidentdetector.config;

import java.io.Serializable;
import java.util.List;

/**
 * A named group of pairs whose accumulators add up to one incident temperature.
 *
 * @param threshold    temperature above which the group is hot (strict {@code >}, as the seed)
 * @param resolveBelow temperature below which the group counts as cooled down (hysteresis)
 * @param sev1MinPairs hot pairs needed for SEV1; fewer (at least one) make SEV2
 * @param sev1Fraction share of the group's live pairs that, hot, also makes SEV1; null: only the count applies
 */
public record GroupConfig(String name, List<String> pairs, Double threshold, Double resolveBelow, Integer sev1MinPairs,
        Double sev1Fraction) implements Serializable {

    public GroupConfig {
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
        threshold = threshold == null ? 10.0 : threshold;
        resolveBelow = resolveBelow == null ? 4.0 : resolveBelow;
        sev1MinPairs = sev1MinPairs == null ? 2 : sev1MinPairs;
    }

    public GroupConfig(String name, List<String> pairs, Double threshold, Double resolveBelow, Integer sev1MinPairs) {
        this(name, pairs, threshold, resolveBelow, sev1MinPairs, null);
    }
}
