package io.incidentdetector.incident.correlation;

import io.incidentdetector.incident.SuspectKind;
import io.incidentdetector.incident.correlation.HeatShape.Candidate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which candidates explain which: {@code lower} explains {@code upper} when its slowness reaches upper's pairs (it
 * starts at or strictly below the service they go into) and upper's excess is no larger than lower's (latency adds
 * up the call tree at most 1:1). The candidates nothing explains are the suspects; this also orders the suspects
 * below one candidate and words why an explained one names its suspect.
 */
final class Explanations {

    /** Larger excess first (unknown last), then the first by name. */
    static final Comparator<Candidate> BY_EXCESS = Comparator.<Candidate>comparingDouble(
            c -> Double.isNaN(c.excess()) ? Double.POSITIVE_INFINITY : -c.excess()).thenComparing(Candidate::name);

    private final CallGraph graph;
    private final Map<String, List<Candidate>> explainedBy = new HashMap<>();
    private final Map<String, Candidate> tooSmallBelow = new HashMap<>();
    private final Map<String, List<Candidate>> suspects = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();

    Explanations(Collection<Candidate> candidates, CallGraph graph) {
        this.graph = graph;
        for (Candidate upper : candidates) {
            List<Candidate> by = new ArrayList<>();
            for (Candidate lower : candidates) {
                if (lower == upper || !reaches(lower, upper) || reaches(upper, lower)) {
                    continue;
                }
                if (excessAllows(upper, lower)) {
                    by.add(lower);
                } else {
                    tooSmallBelow.merge(upper.name(), lower, (a, b) -> BY_EXCESS.compare(a, b) <= 0 ? a : b);
                }
            }
            explainedBy.put(upper.name(), by);
        }
    }

    /** Nothing explains it (or only a ring of hot pairs around a call cycle, which leads to no suspect). */
    boolean isSuspect(Candidate c) {
        return explainedBy.get(c.name()).isEmpty() || suspectsOf(c).isEmpty();
    }

    /** The suspects that explain {@code c} (through the candidates between): larger excess, further, by name. */
    List<Candidate> suspectsOf(Candidate c) {
        List<Candidate> known = suspects.get(c.name());
        if (known != null) {
            return known;
        }
        if (!visiting.add(c.name())) {
            return List.of();
        }
        Set<Candidate> all = new LinkedHashSet<>();
        if (explainedBy.get(c.name()).isEmpty()) {
            all.add(c);
        } else {
            explainedBy.get(c.name()).forEach(lower -> all.addAll(suspectsOf(lower)));
        }
        visiting.remove(c.name());
        List<Candidate> ordered = all.stream().sorted(Comparator.<Candidate>comparingDouble(
                s -> Double.isNaN(s.excess()) ? Double.POSITIVE_INFINITY : -s.excess())
                .thenComparingInt(s -> -graph.distance(into(c), s.service()))
                .thenComparing(Candidate::name)).toList();
        suspects.put(c.name(), ordered);
        return ordered;
    }

    /**
     * {@code lower}'s slowness reaches {@code upper}'s pairs: it starts at the service upper's pairs go into
     * (an edge that service makes, or its slow calls out) or strictly below it. For an edge that is its callee:
     * a slow service below can heat one of its callers' pairs and leave the others under their thresholds.
     */
    private boolean reaches(Candidate lower, Candidate upper) {
        String into = into(upper);
        return lower != upper && (into.equals(lower.service()) || graph.strictlyDownstream(into, lower.service()));
    }

    /** At most 1:1: the upper excess is no larger than the lower one's (without both figures, it is allowed). */
    private static boolean excessAllows(Candidate upper, Candidate lower) {
        return Double.isNaN(upper.excess()) || Double.isNaN(lower.excess()) || upper.excess() <= lower.excess();
    }

    /** For a suspect with candidates below it that could not explain it. */
    String notExplainedBy(Candidate c) {
        Candidate below = tooSmallBelow.get(c.name());
        return below == null ? "" : "; more than " + below.name() + " below it passes on"
                + HeatShape.ms(below.excess()).replace("(", "(at most ");
    }

    String reason(Candidate upper, Candidate suspect, String rootId) {
        String into = into(upper);
        int hops = graph.distance(into, suspect.service());
        String path = hops == 0 ? (suspect.kind() == SuspectKind.EDGE ? into + " makes the call " + suspect.name()
                : into + "'s own calls are slow")
                : into + " calls " + suspect.service() + (hops == 1 ? " directly" : " through " + (hops - 1)
                        + (hops == 2 ? " other service" : " other services"));
        String open = rootId == null ? suspect.name() + " is the suspect" : rootId + " is open on "
                + suspect.name();
        String note = Double.isNaN(upper.excess()) || Double.isNaN(suspect.excess()) ? ""
                : String.format(Locale.ROOT, " (+%d ms here, +%d ms there)", Math.round(upper.excess()),
                        Math.round(suspect.excess()));
        String reached = switch (upper.kind()) {
            case EDGE -> upper.name();
            case CALLER -> into + "'s calls";
            case CALLEE -> into + "'s callers";
        };
        return path + ", and " + open + ": that slowness reaches " + reached + " too" + note;
    }

    /** The service whose slowness would heat the candidate's pairs: its own, or an edge's callee. */
    private static String into(Candidate c) {
        return c.kind() == SuspectKind.EDGE ? SuspectSelection.serviceOfSuspect(c.name()) : c.service();
    }
}
