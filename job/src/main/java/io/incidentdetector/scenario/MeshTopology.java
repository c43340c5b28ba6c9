package io.incidentdetector.scenario;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic service graph: services in layers (frontends, APIs, services, data stores), calls only from a layer to
 * a deeper one, so the graph has no cycles and every service but the frontends has a caller. Each service has its
 * own processing time and each edge a call rate. Built from a seed, so a scenario always names the same services.
 */
public final class MeshTopology implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String[] ROLES = {"frontend", "api", "svc", "backend", "db"};
    private static final double[] LAYER_SHARE = {0.05, 0.15, 0.35, 0.25, 0.20};
    private static final double[] OWN_MS = {20, 10, 6, 4, 3};

    final String[] services;
    final int[] layer;
    final double[] ownMs;
    final int[] from;
    final int[] to;
    final double[] rate;
    /** Share of the caller's requests that make this call (the rest take another path: a cache hit, a branch). */
    final double[] share;
    /** Edge indices by calling service. */
    final int[][] callsOf;

    private MeshTopology(String[] services, int[] layer, double[] ownMs, int[] from, int[] to, double[] rate,
            double[] share) {
        this.services = services;
        this.layer = layer;
        this.ownMs = ownMs;
        this.from = from;
        this.to = to;
        this.rate = rate;
        this.share = share;
        List<List<Integer>> calls = new ArrayList<>();
        for (int s = 0; s < services.length; s++) {
            calls.add(new ArrayList<>());
        }
        for (int e = 0; e < from.length; e++) {
            calls.get(from[e]).add(e);
        }
        callsOf = new int[services.length][];
        for (int s = 0; s < services.length; s++) {
            callsOf[s] = calls.get(s).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /**
     * @param callsPerSecond mean calls per second of an edge at average load
     */
    public static MeshTopology generate(int serviceCount, int edgeCount, double callsPerSecond, long seed) {
        if (serviceCount < ROLES.length) {
            throw new IllegalArgumentException("a mesh needs at least " + ROLES.length + " services");
        }
        Random random = new Random(seed);
        int[] layerSize = new int[ROLES.length];
        int assigned = 0;
        for (int l = 0; l < ROLES.length; l++) {
            layerSize[l] = Math.max(1, (int) Math.round(LAYER_SHARE[l] * serviceCount));
            assigned += layerSize[l];
        }
        layerSize[2] += serviceCount - assigned;
        String[] names = new String[serviceCount];
        int[] layer = new int[serviceCount];
        double[] own = new double[serviceCount];
        int[] firstOfLayer = new int[ROLES.length + 1];
        int s = 0;
        for (int l = 0; l < ROLES.length; l++) {
            firstOfLayer[l] = s;
            int width = String.valueOf(layerSize[l]).length();
            for (int i = 1; i <= layerSize[l]; i++, s++) {
                names[s] = ROLES[l] + "-" + String.format("%0" + Math.max(2, width) + "d", i);
                layer[s] = l;
                own[s] = OWN_MS[l] * Math.exp(0.4 * random.nextGaussian());
            }
        }
        firstOfLayer[ROLES.length] = serviceCount;

        Set<Long> seen = new HashSet<>();
        List<int[]> edges = new ArrayList<>();
        for (int callee = firstOfLayer[1]; callee < serviceCount; callee++) {
            int l = layer[callee];
            int caller = firstOfLayer[l - 1] + random.nextInt(layerSize[l - 1]);
            addEdge(edges, seen, caller, callee);
        }
        int attempts = 0;
        while (edges.size() < edgeCount && attempts++ < 50 * edgeCount) {
            int caller = random.nextInt(firstOfLayer[ROLES.length - 1]);
            int l = layer[caller];
            int target = random.nextDouble() < 0.7 || l + 2 >= ROLES.length ? l + 1 : l + 2 + random.nextInt(
                    ROLES.length - l - 2);
            int callee = firstOfLayer[target] + random.nextInt(layerSize[target]);
            addEdge(edges, seen, caller, callee);
        }
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        double[] rate = new double[edges.size()];
        double[] share = new double[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            from[e] = edges.get(e)[0];
            to[e] = edges.get(e)[1];
            rate[e] = callsPerSecond * Math.exp(0.5 * random.nextGaussian() - 0.125);
            share[e] = 0.05 + 0.35 * random.nextDouble();
        }
        return new MeshTopology(names, layer, own, from, to, rate, share);
    }

    private static void addEdge(List<int[]> edges, Set<Long> seen, int caller, int callee) {
        if (seen.add(((long) caller << 32) | callee)) {
            edges.add(new int[] {caller, callee});
        }
    }

    public int serviceCount() {
        return services.length;
    }

    public int edgeCount() {
        return from.length;
    }

    public String service(int index) {
        return services[index];
    }

    /** The index of a service by name; -1 if there is none. */
    public int indexOf(String service) {
        for (int i = 0; i < services.length; i++) {
            if (services[i].equals(service)) {
                return i;
            }
        }
        return -1;
    }

    /** Number of distinct callers of a service. */
    public int callerCount(int service) {
        int n = 0;
        for (int e = 0; e < to.length; e++) {
            n += to[e] == service ? 1 : 0;
        }
        return n;
    }

    /** The data store (deepest layer) with the most callers: where a slow database hurts most. */
    public String busiestDataStore() {
        int best = -1;
        for (int svc = 0; svc < services.length; svc++) {
            if (layer[svc] == ROLES.length - 1 && (best < 0 || callerCount(svc) > callerCount(best))) {
                best = svc;
            }
        }
        return services[best];
    }

    /** The callees of a service (the services it calls), by name. */
    public List<String> calleesOf(String service) {
        return otherEnds(service, from, to);
    }

    /** The callers of a service, by name. */
    public List<String> callersOf(String service) {
        return otherEnds(service, to, from);
    }

    /** The services at {@code other} of the edges whose {@code end} is {@code service}, in edge order. */
    private List<String> otherEnds(String service, int[] end, int[] other) {
        int index = indexOf(service);
        List<String> services = new ArrayList<>();
        for (int e = 0; e < end.length; e++) {
            if (end[e] == index) {
                services.add(this.services[other[e]]);
            }
        }
        return services;
    }
}
