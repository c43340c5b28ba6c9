package io.incidentdetector.incident.correlation;

import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.SuspectKind;
import io.incidentdetector.incident.correlation.HeatShape.Candidate;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names the suspect of every open latency incident from the shape of all the hot pairs at once ({@link HeatShape}):
 * a slow callee, a caller whose calls are slow, or one slow edge. Latency adds up the call tree: a slow service (or
 * edge) makes the pairs into it slow and, weaker, the pairs into every service above it, by at most as much (a caller
 * waits for a share of its requests' calls, once each). So a candidate is <b>explained</b> by a candidate below it
 * (further down the call graph, or an edge its own service makes) whose excess is at least its own; it is then no
 * suspect itself: the lowest unexplained candidates are the suspects. An upper service slowed by more than the one
 * below it can pass on is its own suspect. Among several suspects below one candidate the largest excess comes first,
 * then the furthest, then the first by name; without excess figures (no evidence) only the call graph counts.
 *
 * <p>Each incident is about the candidate that explains most of its pairs. The incidents about a suspect's own heat
 * (the callers' pairs of a slow service; the several callee groups of a slow caller) are linked to the first of them
 * to open (then the first by id), the <b>root</b>; the incidents above are linked to the roots of their suspects;
 * a root lists everything linked to it.
 *
 * <p>Limits: services in a call cycle are never each other's suspect; a service that calls a slow one several times
 * per request can show more than the slow one's excess and is then named itself.
 */
public final class SuspectSelection {

    private SuspectSelection() {}

    /**
     * An open incident: its id, opening time, the pairs it is about, their excess in ms (where known) and the suspect
     * it last named (null: none yet).
     */
    public record Open(String id, Instant openedAt, List<String> subjects, Map<String, Double> excess,
            String suspect) {

        /** Without times or excess (the call graph alone decides). */
        public Open(String id, List<String> subjects) {
            this(id, Instant.EPOCH, subjects, Map.of(), null);
        }

        /** The excess of each pair from its evidence: the latest latency above the expected value (0 below it). */
        public static Open of(Incident incident) {
            Map<String, Double> excess = new TreeMap<>();
            for (Evidence e : incident.evidence()) {
                if (e.y() != null && e.yhat() != null && !e.y().isNaN() && !e.yhat().isNaN()) {
                    // a pair split by operation: its edge is as slow as its slowest operation
                    String edge = ServicePair.edge(e.subject());
                    if (edge.equals(e.subject())) {
                        excess.put(edge, Math.max(0, e.y() - e.yhat()));
                    } else {
                        excess.merge(edge, Math.max(0, e.y() - e.yhat()), Math::max);
                    }
                }
            }
            return new Open(incident.id(), incident.openedAt(), incident.subjects(), excess, incident.suspect());
        }
    }

    /**
     * What the selection says about one incident.
     *
     * @param suspect a service, or a pair for kind edge; null for an incident without pairs
     * @param root    the incident is a root: its {@code related} are the incidents linked to it
     */
    public record Suspect(String suspect, SuspectKind kind, String reason, List<String> related, boolean root) {}

    /** The service an incident is about, from its pairs; null without pairs. */
    public static String serviceOf(Collection<String> pairs) {
        Map<String, Integer> callees = new TreeMap<>();
        Map<String, Integer> callers = new TreeMap<>();
        int n = 0;
        for (String pair : pairs) {
            String[] parts = ServicePair.split(pair);
            if (parts == null) {
                continue;
            }
            n++;
            callers.merge(parts[0], 1, Integer::sum);
            callees.merge(parts[1], 1, Integer::sum);
        }
        if (n == 0) {
            return null;
        }
        for (Map.Entry<String, Integer> callee : callees.entrySet()) {
            if (callee.getValue() == n) {
                return callee.getKey();
            }
        }
        for (Map.Entry<String, Integer> caller : callers.entrySet()) {
            if (caller.getValue() == n) {
                return caller.getKey();
            }
        }
        return callees.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).get().getKey();
    }

    /** The suspect of every incident, by id, in the order given. */
    public static Map<String, Suspect> select(List<Open> open, CallGraph graph) {
        Map<String, Double> hot = new TreeMap<>();
        for (Open o : open) {
            for (String pair : o.subjects()) {
                Double e = o.excess().get(pair);
                hot.merge(pair, e == null ? Double.NaN : e, SuspectSelection::larger);
            }
        }
        HeatShape shape = HeatShape.of(hot, graph);
        Explanations explanations = new Explanations(shape.candidates(), graph);

        Map<String, Candidate> about = new HashMap<>();
        Map<String, Open> rootIncident = new HashMap<>();
        for (Open o : open) {
            Candidate c = about(o, shape);
            about.put(o.id(), c);
            if (c != null && explanations.isSuspect(c)) {
                rootIncident.merge(c.name(), o, (a, b) -> Comparator.comparing(Open::openedAt)
                        .thenComparing(Open::id).compare(a, b) <= 0 ? a : b);
            }
        }
        Map<String, Suspect> result = new LinkedHashMap<>();
        for (Open o : open) {
            Candidate c = about.get(o.id());
            if (c == null) {
                result.put(o.id(), new Suspect(null, null, "no service pair is hot", List.of(), true));
            } else if (explanations.isSuspect(c)) {
                Open root = rootIncident.get(c.name());
                String reason = c.reason() + explanations.notExplainedBy(c);
                result.put(o.id(), root == o ? new Suspect(c.name(), c.kind(), reason, List.of(), true)
                        : new Suspect(c.name(), c.kind(), reason, List.of(root.id()), false));
            } else {
                List<Candidate> suspects = explanations.suspectsOf(c);
                Candidate first = suspects.get(0);
                Open root = rootIncident.get(first.name());
                List<String> related = suspects.stream().map(s -> rootIncident.get(s.name())).filter(r -> r != null)
                        .map(Open::id).toList();
                result.put(o.id(), new Suspect(first.name(), first.kind(), explanations.reason(c, first,
                        root == null ? null : root.id()), related, false));
            }
        }
        return linkRootsBack(result);
    }

    /** A root lists exactly the incidents that link to it. */
    public static Map<String, Suspect> linkRootsBack(Map<String, Suspect> suspects) {
        Map<String, Suspect> result = new LinkedHashMap<>();
        suspects.forEach((id, s) -> {
            if (!s.root()) {
                result.put(id, s);
                return;
            }
            List<String> linked = suspects.entrySet().stream()
                    .filter(e -> !e.getValue().root() && e.getValue().related().contains(id)).map(Map.Entry::getKey)
                    .sorted().toList();
            result.put(id, new Suspect(s.suspect(), s.kind(), s.reason(), linked, true));
        });
        return result;
    }

    /** The incident's pairs touch its suspect: it is about the suspect's own heat, not linked from above it. */
    public static boolean touchesSuspect(Incident incident) {
        String s = incident.suspect();
        if (s == null) {
            return false;
        }
        if (incident.suspectKind() == SuspectKind.EDGE) {
            return incident.subjects().contains(s);
        }
        return incident.subjects().stream().anyMatch(p -> p.startsWith(s + ServicePair.ARROW)
                || p.endsWith(ServicePair.ARROW + s));
    }

    /** An incident whose suspect is below the pairs it is about: it links to a root incident below it. */
    public static boolean linksToRootBelow(Incident incident) {
        return incident.suspect() != null && !incident.related().isEmpty() && !touchesSuspect(incident);
    }

    /**
     * An incident linked to a root (from {@code byId}, the incidents' last records): one above its suspect, or one
     * about the same suspect's heat that opened after the root.
     */
    public static boolean linked(Incident incident, Map<String, Incident> byId) {
        if (incident.suspect() == null || incident.related().isEmpty()) {
            return false;
        }
        if (linksToRootBelow(incident)) {
            return true;
        }
        Incident first = byId.get(incident.related().get(0));
        return first != null && incident.suspect().equals(first.suspect()) && touchesSuspect(first)
                && Comparator.comparing(Incident::openedAt).thenComparing(Incident::id).compare(first, incident) < 0;
    }

    /** Where a suspect is in the call graph: the service, or an edge's callee. */
    public static String serviceOfSuspect(String suspect) {
        String[] parts = suspect == null ? null : ServicePair.split(suspect);
        return parts == null ? suspect : parts[1];
    }

    /**
     * The candidate that explains most of the incident's pairs; of several as good, the one it named before (a
     * suspect does not flip on a few ms), then the larger excess, then the first by name.
     */
    private static Candidate about(Open o, HeatShape shape) {
        Map<Candidate, Integer> count = new LinkedHashMap<>();
        o.subjects().stream().map(shape::ownerOf).filter(c -> c != null).forEach(c -> count.merge(c, 1,
                Integer::sum));
        return count.entrySet().stream().min(Comparator.<Map.Entry<Candidate, Integer>>comparingInt(e -> -e.getValue())
                .thenComparing(e -> !e.getKey().name().equals(o.suspect()))
                .thenComparing(e -> e.getKey(), Explanations.BY_EXCESS)).map(Map.Entry::getKey).orElse(null);
    }

    private static double larger(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
