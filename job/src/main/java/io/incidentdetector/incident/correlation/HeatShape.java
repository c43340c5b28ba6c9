package io.incidentdetector.incident.correlation;

import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.SuspectKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hot pairs of every open incident read as a shape: each hot pair is put down to the one thing that explains it
 * on its own level, a {@link Candidate}.
 * <ul>
 *   <li>a <b>caller</b> whose calls to two or more callees are hot while each of those callees' other callers are
 *       cool (fewer than half of them hot; a callee with no other caller counts too) explains those calls;</li>
 *   <li>a <b>callee</b> hot from most of its callers, or from two or more (the pairs a caller above explains not
 *       counted), explains its hot incoming pairs. A service that is both (a slow pod: its callers and its callees
 *       see it) is one candidate of kind callee;</li>
 *   <li>any other hot pair is an <b>edge</b> on its own: one hot pair into a service whose other callers are cool.</li>
 * </ul>
 * A candidate's excess is the median, over the pairs it explains, of how far the pair's latest latency is above its
 * expected value (ms; NaN when no pair reported one).
 */
final class HeatShape {

    /**
     * What a set of hot pairs is put down to.
     *
     * @param name    the service, or the pair for an edge
     * @param service where its slowness starts: the service, or an edge's caller (the callers above it see it too)
     * @param pairs   the hot pairs it explains
     */
    record Candidate(String name, SuspectKind kind, String service, double excess, List<String> pairs,
            String reason) {}

    private final Map<String, Candidate> owners = new TreeMap<>();
    private final Map<String, Candidate> candidates = new TreeMap<>();

    private HeatShape() {}

    /** {@code hot}: every hot pair with its excess in ms (NaN: unknown). */
    static HeatShape of(Map<String, Double> hot, CallGraph graph) {
        Map<String, Set<String>> hotOut = new TreeMap<>();
        Map<String, Set<String>> hotIn = new TreeMap<>();
        for (String pair : hot.keySet()) {
            String[] parts = ServicePair.split(pair);
            if (parts != null) {
                hotOut.computeIfAbsent(parts[0], s -> new TreeSet<>()).add(parts[1]);
                hotIn.computeIfAbsent(parts[1], s -> new TreeSet<>()).add(parts[0]);
            }
        }
        Shape shape = new Shape(graph, hotIn);
        Set<String> callers = new TreeSet<>();
        hotOut.forEach((caller, callees) -> {
            if (callees.stream().filter(callee -> shape.coolElsewhere(caller, callee)).count() >= 2) {
                callers.add(caller);
            }
        });
        Map<String, List<String>> counted = new TreeMap<>();
        hotIn.forEach((callee, from) -> from.stream()
                .filter(caller -> !(callers.contains(caller) && shape.coolElsewhere(caller, callee)))
                .forEach(caller -> counted.computeIfAbsent(callee, s -> new ArrayList<>()).add(caller)));
        Set<String> callees = new TreeSet<>();
        counted.forEach((callee, from) -> {
            int n = shape.callers(callee).size();
            if (from.size() >= 2 || 2 * from.size() > n) {
                callees.add(callee);
            }
        });

        Map<String, List<String>> explained = new TreeMap<>();
        for (String pair : hot.keySet()) {
            String[] parts = ServicePair.split(pair);
            if (parts == null) {
                continue;
            }
            String owner = callers.contains(parts[0]) && shape.coolElsewhere(parts[0], parts[1]) ? parts[0]
                    : callees.contains(parts[1]) ? parts[1]
                    : callers.contains(parts[0]) ? parts[0]
                    : pair;
            explained.computeIfAbsent(owner, s -> new ArrayList<>()).add(pair);
        }
        HeatShape result = new HeatShape();
        explained.forEach((name, pairs) -> {
            Candidate candidate;
            if (name.contains(ServicePair.ARROW)) {
                String[] parts = ServicePair.split(name);
                candidate = new Candidate(name, SuspectKind.EDGE, parts[0], excess(hot, pairs), pairs, "only " + name
                        + " is hot; " + parts[1] + "'s other callers are cool" + ms(excess(hot, pairs)));
            } else if (callees.contains(name)) {
                List<String> in = counted.get(name).stream().map(c -> ServicePair.key(c, name)).toList();
                int n = shape.callers(name).size();
                long out = pairs.size() - in.size();
                candidate = new Candidate(name, SuspectKind.CALLEE, name, excess(hot, in), pairs, in.size() + " of "
                        + name + "'s " + n + (n == 1 ? " caller sees" : " callers see") + " it slow" + ms(excess(hot,
                        in)) + (out == 0 ? "" : "; its calls to " + out + (out == 1 ? " callee is" : " callees are")
                        + " hot too"));
            } else {
                int n = graph.calleesOf(name).size();
                candidate = new Candidate(name, SuspectKind.CALLER, name, excess(hot, pairs), pairs, name
                        + "'s calls to " + pairs.size() + " of its " + Math.max(n, pairs.size())
                        + " callees are hot while their other callers are cool" + ms(excess(hot, pairs)));
            }
            result.candidates.put(name, candidate);
            pairs.forEach(p -> result.owners.put(p, candidate));
        });
        return result;
    }

    /** What explains a hot pair; null for a pair that is not hot. */
    Candidate ownerOf(String pair) {
        return owners.get(pair);
    }

    Collection<Candidate> candidates() {
        return candidates.values();
    }

    static String ms(double excess) {
        return Double.isNaN(excess) ? "" : String.format(Locale.ROOT, " (+%d ms)", Math.round(excess));
    }

    private static double excess(Map<String, Double> hot, List<String> pairs) {
        double[] known = pairs.stream().map(hot::get).filter(e -> e != null && !e.isNaN()).mapToDouble(e -> e)
                .sorted().toArray();
        if (known.length == 0) {
            return Double.NaN;
        }
        int mid = known.length / 2;
        return known.length % 2 == 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
    }

    /** Who calls whom and which of those calls are hot. */
    private record Shape(CallGraph graph, Map<String, Set<String>> hotIn) {

        Set<String> callers(String callee) {
            Set<String> all = graph.callersOf(callee);
            all.addAll(hotIn.getOrDefault(callee, Set.of()));
            return all;
        }

        /** The callee's other callers are cool: fewer than half of them hot (or it has none). */
        boolean coolElsewhere(String caller, String callee) {
            Set<String> others = callers(callee);
            others.remove(caller);
            long hotOthers = others.stream().filter(o -> hotIn.getOrDefault(callee, Set.of()).contains(o)).count();
            return others.isEmpty() || 2 * hotOthers < others.size();
        }
    }
}
