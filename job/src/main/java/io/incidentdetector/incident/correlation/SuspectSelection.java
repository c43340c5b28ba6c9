package io.incidentdetector.incident.correlation;

import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.Incident;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names the suspect of every open latency incident. Each incident is about one service: the callee its hot pairs
 * share (the callers of a slow service), else the caller they share (a service whose every call is slow), else the
 * callee most of them call. Latency adds up the call tree, so a slow service makes the edges into it slow and,
 * weaker, the edges into every service above it. So when incidents are open on a service and on services that
 * (directly or through others) call it, the one furthest downstream is the root: it is its own suspect, the
 * incidents above it name its service as their suspect and link to it, and it links back to them.
 *
 * <p>Limits: services in a call cycle are never each other's root; two roots below one incident make the
 * furthest (then the first by id) its suspect, and it links to both; a slow service with no open incident of its
 * own (its callers' heat stayed below the thresholds) cannot be named.
 */
public final class SuspectSelection {

    private SuspectSelection() {}

    /** An open incident: its id and the pairs it is about. */
    public record Open(String id, List<String> subjects) {}

    /** What the selection says about one incident. */
    public record Suspect(String service, String reason, List<String> related) {}

    /** An incident whose suspect is a service below the one it is about: it links to a root incident. */
    public static boolean linksToRootBelow(Incident incident) {
        return incident.suspect() != null && !incident.related().isEmpty()
                && !incident.suspect().equals(serviceOf(incident.subjects()));
    }

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
        Map<String, String> service = new HashMap<>();
        open.forEach(o -> service.put(o.id(), serviceOf(o.subjects())));
        List<Open> roots = new ArrayList<>();
        for (Open candidate : open) {
            boolean hasDownstream = open.stream().anyMatch(other -> isDownstream(candidate, other, service, graph));
            if (!hasDownstream) {
                roots.add(candidate);
            }
        }
        Map<String, Suspect> result = new LinkedHashMap<>();
        Map<String, List<String>> linkedToRoot = new HashMap<>();
        for (Open incident : open) {
            if (roots.contains(incident)) {
                continue;
            }
            String own = service.get(incident.id());
            List<Open> below = roots.stream().filter(r -> isDownstream(incident, r, service, graph))
                    .sorted(Comparator.<Open>comparingInt(r -> -graph.distance(own, service.get(r.id())))
                            .thenComparing(Open::id))
                    .toList();
            Open root = below.get(0);
            String rootService = service.get(root.id());
            int hops = graph.distance(own, rootService);
            String reason = own + " calls " + rootService + (hops == 1 ? " directly" : " through " + (hops - 1)
                    + (hops == 2 ? " other service" : " other services")) + ", and " + root.id()
                    + " is open on " + rootService + ": that slowness reaches " + own + "'s callers too";
            List<String> related = below.stream().map(Open::id).toList();
            result.put(incident.id(), new Suspect(rootService, reason, related));
            below.forEach(r -> linkedToRoot.computeIfAbsent(r.id(), x -> new ArrayList<>()).add(incident.id()));
        }
        for (Open root : roots) {
            String own = service.get(root.id());
            List<String> upstream = linkedToRoot.getOrDefault(root.id(), List.of()).stream().sorted().toList();
            String reason = own == null ? "no service pair is hot"
                    : "its hot pairs point at " + own + ", and no open incident is further downstream of it";
            result.put(root.id(), new Suspect(own, reason, upstream));
        }
        Map<String, Suspect> ordered = new LinkedHashMap<>();
        open.forEach(o -> ordered.put(o.id(), result.get(o.id())));
        return ordered;
    }

    private static boolean isDownstream(Open from, Open to, Map<String, String> service, CallGraph graph) {
        String a = service.get(from.id());
        String b = service.get(to.id());
        return a != null && b != null && graph.strictlyDownstream(a, b);
    }
}
