package io.incidentdetector.incident.correlation;

import io.incidentdetector.event.ServicePair;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Who calls whom, from the pairs seen; answers how far downstream one service is from another. */
public final class CallGraph {

    private final Map<String, Set<String>> callees = new HashMap<>();
    private final Map<String, Set<String>> callers = new HashMap<>();

    public static CallGraph of(Iterable<String> pairs) {
        CallGraph graph = new CallGraph();
        pairs.forEach(graph::add);
        return graph;
    }

    public void add(String pair) {
        String[] parts = ServicePair.split(pair);
        if (parts != null) {
            callees.computeIfAbsent(parts[0], s -> new HashSet<>()).add(parts[1]);
            callers.computeIfAbsent(parts[1], s -> new HashSet<>()).add(parts[0]);
        }
    }

    /** The services {@code service} calls, by name. */
    public Set<String> calleesOf(String service) {
        return new TreeSet<>(callees.getOrDefault(service, Set.of()));
    }

    /** The services that call {@code service}, by name. */
    public Set<String> callersOf(String service) {
        return new TreeSet<>(callers.getOrDefault(service, Set.of()));
    }

    /**
     * Calls from {@code from} to reach {@code to} (1: it calls it directly), or -1 when no chain of calls leads
     * there. Breadth-first, so cycles end.
     */
    public int distance(String from, String to) {
        if (from.equals(to)) {
            return 0;
        }
        Map<String, Integer> seen = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        seen.put(from, 0);
        queue.add(from);
        while (!queue.isEmpty()) {
            String service = queue.poll();
            int d = seen.get(service);
            for (String callee : callees.getOrDefault(service, Set.of())) {
                if (callee.equals(to)) {
                    return d + 1;
                }
                if (seen.putIfAbsent(callee, d + 1) == null) {
                    queue.add(callee);
                }
            }
        }
        return -1;
    }

    /** {@code to} is downstream of {@code from} and not the other way round (services in a cycle are neither). */
    public boolean strictlyDownstream(String from, String to) {
        return !from.equals(to) && distance(from, to) > 0 && distance(to, from) < 0;
    }
}
