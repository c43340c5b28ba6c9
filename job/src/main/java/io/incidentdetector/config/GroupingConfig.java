package io.incidentdetector.config;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;

/**
 * How discovered pairs form groups, and the settings of the groups the rules make (explicit groups carry their
 * own).
 *
 * @param rules        applied together: {@code explicit} puts pairs in the groups that name them, {@code destination}
 *                     and {@code source} put every pair in its callee's or caller's group
 * @param threshold    temperature above which a rule group is hot
 * @param resolveBelow temperature below which a rule group counts as cooled down
 * @param sev1MinPairs hot pairs that make SEV1
 * @param sev1Fraction share of the group's live pairs that, hot, also makes SEV1; null: only the count applies
 */
public record GroupingConfig(List<GroupingRule> rules, Double threshold, Double resolveBelow, Integer sev1MinPairs,
        Double sev1Fraction) implements Serializable {

    public GroupingConfig {
        rules = rules == null ? List.of(GroupingRule.EXPLICIT, GroupingRule.DESTINATION) : List.copyOf(rules);
        threshold = threshold == null ? 10.0 : threshold;
        resolveBelow = resolveBelow == null ? 4.0 : resolveBelow;
        sev1MinPairs = sev1MinPairs == null ? 2 : sev1MinPairs;
    }

    /** Every setting at its default: explicit groups, and a group per called service for every pair. */
    public static GroupingConfig defaults() {
        return new GroupingConfig(null, null, null, null, null);
    }

    public boolean uses(GroupingRule rule) {
        return rules.contains(rule);
    }

    void check(Problems p, AccumulatorConfig accumulator) {
        if (rules.isEmpty()) {
            p.add("latency.grouping.rules is empty, so no pair could raise an incident. Fix: use [explicit, destination]");
        }
        if (rules.size() != new HashSet<>(rules).size()) {
            p.add("latency.grouping.rules repeats a rule (" + rules + "). Fix: list each rule once");
        }
        if (uses(GroupingRule.DESTINATION) || uses(GroupingRule.SOURCE)) {
            GroupConfig.checkSeverity(p, "latency.grouping", threshold, resolveBelow, sev1MinPairs, sev1Fraction, 1,
                    accumulator);
        }
    }
}
