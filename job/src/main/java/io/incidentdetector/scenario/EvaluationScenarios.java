package io.incidentdetector.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The labelled generator runs of {@code evaluate}, on the 30-service mesh (a compressed day of load every 2 hours,
 * transients, single slow requests): delays of 25, 50, 100, 200 and 500 ms on one service, one pair, or two or three
 * services at once, lasting 1 to 30 minutes, some back to back on the same service, then caller-side CPU faults and
 * pod network delays of 50 to 500 ms for 3 to 10 minutes on mid-tier services, each fault followed by at least 25
 * quiet minutes.
 */
public final class EvaluationScenarios {

    static final double[] DELAYS = {25, 50, 100, 200, 500};
    private static final int[] MINUTES = {3, 10, 1, 30, 3};
    private static final int QUIET_SECONDS = 25 * 60;
    /** Caller CPU faults and pod network delays: the sizes, and their lengths for each kind. */
    private static final double[] SIDE_DELAYS = {50, 100, 200, 500};
    private static final int[][] SIDE_MINUTES = {{3, 10, 3, 5}, {10, 3, 5, 3}};

    private EvaluationScenarios() {}

    /**
     * Every delay on every kind of target ({@code quick}: 100, 200 and 500 ms on one service or one pair, 200 ms of
     * caller CPU and of pod network, 3 minutes each).
     */
    static MeshScenario mesh(MeshTopology topology, boolean quick) {
        List<String> services = servicesWithCallers(topology);
        List<MeshScenario.MeshFault> faults = new ArrayList<>();
        int at = 20 * 60;
        int n = 0;
        for (int kind = 0; kind < (quick ? 2 : 4); kind++) {
            for (int d = quick ? 2 : 0; d < DELAYS.length; d++, n++) {
                int seconds = (quick ? 3 : MINUTES[(d + kind) % MINUTES.length]) * 60;
                String first = services.get(n % services.size());
                if (kind == 1) {
                    String callee = first;
                    faults.add(new MeshScenario.MeshFault(topology.callersOf(callee).get(0) + "->" + callee, at,
                            at + seconds, DELAYS[d]));
                } else {
                    for (int k = 0; k < Math.max(1, kind); k++) {
                        faults.add(new MeshScenario.MeshFault(services.get((n + 7 * k) % services.size()), at,
                                at + seconds, DELAYS[d]));
                    }
                }
                if (!quick && kind == 0 && d % 2 == 1) {
                    // the same service again 9 minutes after the first fault ended
                    int again = at + seconds + 9 * 60;
                    faults.add(new MeshScenario.MeshFault(first, again, again + 180, DELAYS[d]));
                    at = again + 180;
                } else {
                    at += seconds;
                }
                at += QUIET_SECONDS;
            }
        }
        List<String> midTier = midTier(topology);
        String[] prefixes = {FaultTarget.CALLER_PREFIX, FaultTarget.POD_PREFIX};
        for (int kind = 0; kind < prefixes.length; kind++) {
            for (int d = 0; d < SIDE_DELAYS.length; d++) {
                if (quick && SIDE_DELAYS[d] != 200) {
                    continue;
                }
                int seconds = (quick ? 3 : SIDE_MINUTES[kind][d]) * 60;
                String service = midTier.get((kind * SIDE_DELAYS.length + d) % midTier.size());
                faults.add(new MeshScenario.MeshFault(prefixes[kind] + service, at, at + seconds, SIDE_DELAYS[d]));
                at += seconds + QUIET_SECONDS;
            }
        }
        Duration duration = Duration.ofSeconds(at);
        return new MeshScenario(quick ? "eval-mesh-quick" : "eval-mesh",
                "evaluate: " + faults.size() + " labelled delays on the 30-service mesh over " + duration.toMinutes()
                        + " min", duration, 30, 100, 4.0, 1, Duration.ofHours(2), 6, List.copyOf(faults));
    }

    /** The same mesh for {@code duration} with its load curve and transients and no fault. */
    static MeshScenario quiet(Duration duration) {
        return new MeshScenario("eval-quiet", "evaluate: the 30-service mesh for " + duration.toHours()
                + " h (a compressed day every 2 hours) with transients and no fault", duration, 30, 100, 4.0, 1,
                Duration.ofHours(2), 6, List.of());
    }

    /**
     * Mid-tier services, the ones a caller-side fault is told apart on: a service with callers that calls two or more
     * services, each of which another service calls too; by the number of its calls out, most first, then by name.
     */
    static List<String> midTier(MeshTopology topology) {
        List<String> services = new ArrayList<>();
        for (int i = 0; i < topology.serviceCount(); i++) {
            String service = topology.service(i);
            List<String> callees = topology.calleesOf(service);
            if (topology.callerCount(i) >= 1 && callees.size() >= 2
                    && callees.stream().allMatch(c -> topology.callersOf(c).size() >= 2)) {
                services.add(service);
            }
        }
        services.sort(java.util.Comparator.comparing((String s) -> -topology.calleesOf(s).size())
                .thenComparing(s -> s));
        return services;
    }

    /** Services with at least two callers, busiest first after the data stores, in a fixed order. */
    private static List<String> servicesWithCallers(MeshTopology topology) {
        List<String> services = new ArrayList<>();
        for (int i = topology.serviceCount() - 1; i >= 0; i--) {
            if (topology.callerCount(i) >= 2) {
                services.add(topology.service(i));
            }
        }
        return services;
    }
}
