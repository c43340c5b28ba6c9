package io.incidentdetector.config;

import io.incidentdetector.event.ServicePair;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * The group's problems; {@code key} is its place in the list, e.g. {@code latency.groups[0]}, and
     * {@code nameUsedBefore} says that a group before it has the same name.
     */
    void check(Problems p, String key, boolean nameUsedBefore, AccumulatorConfig accumulator) {
        if (Problems.blank(name)) {
            p.add(key + ".name is missing. Fix: give the group a name such as checkout-path");
        } else if (nameUsedBefore) {
            p.add(key + ".name '" + name + "' is used twice. Fix: give every group its own name");
        } else if (name.contains(":")) {
            p.add(key + ".name '" + name + "' contains ':', which marks the groups the rules make (dst:, src:)."
                    + " Fix: use e.g. " + name.replace(':', '-'));
        }
        if (pairs.isEmpty()) {
            p.add(key + ".pairs is empty. Fix: list the pairs as SOURCE->DESTINATION");
        }
        Set<String> members = new HashSet<>();
        for (int j = 0; j < pairs.size(); j++) {
            try {
                if (!members.add(ServicePair.normalise(pairs.get(j)))) {
                    p.add(key + ".pairs[" + j + "] repeats " + pairs.get(j) + ". Fix: list each pair once");
                }
            } catch (IllegalArgumentException e) {
                p.add(key + ".pairs[" + j + "]: " + e.getMessage());
            }
        }
        checkSeverity(p, key, threshold, resolveBelow, sev1MinPairs, sev1Fraction, Math.max(1, pairs.size()),
                accumulator);
        if (!pairs.isEmpty() && sev1MinPairs > pairs.size() && sev1Fraction == null) {
            p.add(key + ".sev1-min-pairs (" + sev1MinPairs + ") exceeds the group's " + pairs.size()
                    + " pairs, so SEV1 could never happen. Fix: use " + pairs.size()
                    + ", or set sev1-fraction (e.g. 0.5)");
        }
    }

    /** Threshold, hysteresis and SEV1 rule of a group, explicit or made by a rule; any size, one pair included. */
    static void checkSeverity(Problems p, String key, double threshold, double resolveBelow, int sev1MinPairs,
            Double sev1Fraction, int pairs, AccumulatorConfig accumulator) {
        double reach = pairs * accumulator.max();
        if (!(threshold > 0)) {
            p.add(key + ".threshold must be > 0 (got " + threshold + "). Fix: use e.g. 10 as the seed did");
        } else if (threshold >= reach) {
            p.add(key + ".threshold (" + threshold + ") is not below what " + (pairs == 1 ? "one pair" : pairs
                    + " pairs") + " can reach (" + pairs + " x latency.accumulator.max = " + reach
                    + "), so it could never be hot. Fix: use " + between(resolveBelow, reach));
        }
        if (!(resolveBelow > 0) || resolveBelow >= threshold) {
            p.add(key + ".resolve-below (" + resolveBelow + ") must be above 0 (temperatures are never"
                    + " below 0, so incidents would never resolve) and below the threshold (" + threshold
                    + ") for hysteresis. Fix: use " + (threshold > 1 ? Math.floor(threshold * 0.4 * 10) / 10 : threshold / 2));
        }
        if (sev1MinPairs < 1) {
            p.add(key + ".sev1-min-pairs must be at least 1 (got " + sev1MinPairs + "). Fix: use "
                    + Math.min(2, pairs));
        }
        if (sev1Fraction != null && !(sev1Fraction > 0 && sev1Fraction <= 1)) {
            p.add(key + ".sev1-fraction must be above 0 and at most 1 (got " + sev1Fraction
                    + "). Fix: use 0.5 (half of the group's pairs hot), or remove it");
        }
    }

    /** A threshold above resolve-below and below what the pairs can reach, when there is room for one. */
    private static double between(double resolveBelow, double reach) {
        double low = resolveBelow > 0 && resolveBelow < reach ? resolveBelow : 0;
        return Math.round((low + reach) / 2 * 10) / 10.0;
    }
}
