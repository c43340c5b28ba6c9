package io.incidentdetector.canary;

import io.incidentdetector.config.CanaryIncidentConfig;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Severity;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A finished bin as incident heat: codes in alert are hot subjects, with the builds; the strongest effect is the
 * temperature.
 */
final class RegressionHeat implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String group;
    private final double threshold;
    private final CanaryIncidentConfig incidents;
    private final String baselineBuild;
    private final String canaryBuild;

    RegressionHeat(String group, double threshold, CanaryIncidentConfig incidents, String baselineBuild,
            String canaryBuild) {
        this.group = group;
        this.threshold = threshold;
        this.incidents = incidents;
        this.baselineBuild = baselineBuild;
        this.canaryBuild = canaryBuild;
    }

    GroupHeat of(Instant end, TreeMap<Integer, Evidence> strongest) {
        if (strongest.isEmpty()) {
            return new GroupHeat(group, end, 0, threshold, null, true, List.of(), List.of());
        }
        double effect = strongest.values().stream().mapToDouble(Evidence::value).max().orElse(0);
        Severity severity = strongest.size() >= incidents.sev1MinCodes() || effect >= incidents.sev1Effect()
                ? Severity.SEV1 : Severity.SEV2;
        List<String> subjects = new ArrayList<>();
        strongest.keySet().forEach(code -> subjects.add(subject(code)));
        subjects.add("canary " + canaryBuild);
        subjects.add("baseline " + baselineBuild);
        return new GroupHeat(group, end, effect, threshold, severity, false, subjects,
                new ArrayList<>(strongest.values()));
    }

    static String subject(int code) {
        return "code " + code;
    }
}
