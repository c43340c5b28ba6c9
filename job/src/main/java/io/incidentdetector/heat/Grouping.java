package io.incidentdetector.heat;

import io.incidentdetector.config.GroupConfig;
import io.incidentdetector.config.GroupingConfig;
import io.incidentdetector.config.GroupingRule;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.GroupNames;
import io.incidentdetector.incident.Severity;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Which groups a pair belongs to, by rule: the explicit groups that name it, and {@code dst:<callee>} and
 * {@code src:<caller>} as the rules ask. A pair in an explicit group stays in its callee's group too, so every
 * service has the group of the calls into it whatever is configured (the same heat in two groups still opens one
 * incident: the correlation keeps the others silent). A rule group exists as soon as one of its pairs reports, so a
 * mesh needs no list. Explicit group names cannot contain {@code :}, so they never collide with rule groups.
 */
public final class Grouping implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final List<String> EMPTY = List.of();
    private final HashMap<String, List<String>> explicitByPair = new HashMap<>();
    private final HashMap<String, Settings> explicitSettings = new HashMap<>();
    private final boolean byDestination;
    private final boolean bySource;
    private final Settings ruleSettings;

    /**
     * How a group turns temperature and hot pairs into severity.
     *
     * @param sev1Fraction null: only {@code sev1MinPairs} makes SEV1
     */
    public record Settings(double threshold, double resolveBelow, int sev1MinPairs, Double sev1Fraction)
            implements Serializable {

        /**
         * SEV1 when at least {@code sev1MinPairs} pairs are hot, or at least {@code sev1Fraction} of the group's live
         * pairs; SEV2 for fewer; none unless the temperature is over the threshold with a hot pair.
         */
        /** A threshold set at runtime; resolve-below kept when null, and kept below the threshold. */
        public Settings with(double newThreshold, Double newResolveBelow) {
            double below = newResolveBelow != null ? newResolveBelow : Math.min(resolveBelow, newThreshold);
            return new Settings(newThreshold, below, sev1MinPairs, sev1Fraction);
        }

        public Severity severity(double temperature, int hotPairs, int livePairs) {
            if (!(temperature > threshold) || hotPairs == 0) {
                return null;
            }
            boolean byCount = hotPairs >= sev1MinPairs;
            boolean byShare = sev1Fraction != null && hotPairs >= Math.ceil(sev1Fraction * livePairs - 1e-9);
            return byCount || byShare ? Severity.SEV1 : Severity.SEV2;
        }
    }

    public Grouping(LatencyConfig config) {
        GroupingConfig grouping = config.grouping();
        if (grouping.uses(GroupingRule.EXPLICIT)) {
            for (GroupConfig group : config.groups()) {
                explicitSettings.put(group.name(), new Settings(group.threshold(), group.resolveBelow(),
                        group.sev1MinPairs(), group.sev1Fraction()));
                for (String pair : group.pairs()) {
                    explicitByPair.computeIfAbsent(ServicePair.normalise(pair), p -> new ArrayList<>()).add(group.name());
                }
            }
        }
        byDestination = grouping.uses(GroupingRule.DESTINATION);
        bySource = grouping.uses(GroupingRule.SOURCE);
        ruleSettings = new Settings(grouping.threshold(), grouping.resolveBelow(), grouping.sev1MinPairs(),
                grouping.sev1Fraction());
    }

    /** The groups of a pair {@code source->destination} (of its operations too); empty when no rule groups it. */
    public List<String> groupsOf(String pair) {
        List<String> explicit = explicitByPair.getOrDefault(ServicePair.edge(pair), EMPTY);
        String[] parts = byDestination || bySource ? ServicePair.split(pair) : null;
        if (parts == null) {
            return explicit;
        }
        ArrayList<String> groups = new ArrayList<>(explicit.size() + 2);
        groups.addAll(explicit);
        if (byDestination) {
            groups.add(GroupNames.ofDestination(parts[1]));
        }
        if (bySource) {
            groups.add(GroupNames.ofSource(parts[0]));
        }
        return groups;
    }

    public Settings settingsOf(String group) {
        Settings explicit = explicitSettings.get(group);
        return explicit != null ? explicit : ruleSettings;
    }
}
