package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Traffic over a synthetic service mesh ({@link MeshTopology}): every edge calls at its own rate, a compressed day of
 * load passes in {@code dayLength} of event time, a callee's latency adds to its callers' (so a slow deep service
 * shows on the edges into it and, weaker, on the edges above), short transients (one service 1.5 to 5 times as
 * slow for 10-40 s, placed by the run's seed) and occasional single slow requests are noise, and faults add a delay
 * to a service, an edge, every call a service makes, or both (its pod's network; see {@link MeshFault}).
 *
 * @param callsPerSecond mean calls per second of an edge at average load
 * @param topologySeed   the graph is always the same for a scenario; the run's seed moves noise and transients
 * @param transientsPerHour transients per hour of event time, over the whole mesh
 */
public record MeshScenario(String name, String description, Duration duration, int services, int edges,
        double callsPerSecond, long topologySeed, Duration dayLength, int transientsPerHour, List<MeshFault> faults)
        implements LatencyScenario, Serializable {

    /**
     * A delay between two offsets from the start in seconds, on what {@code target} names ({@link FaultTarget}): every
     * call into a service ({@code svc}; it adds to the service's own time, so its callers' latency grows too), one
     * edge ({@code caller->callee}), every call a service makes ({@code caller:svc}: its CPU is starved; each call
     * carries the delay with a log-normal spread, as the caller measures it, and the calls into the service are
     * unchanged), or a network delay on the service's pod ({@code pod:svc}: both). A mesh service runs as one pod, so
     * the pod's delay is on all of its traffic.
     */
    public record MeshFault(String target, int fromSecond, int toSecond, double delayMs) implements Serializable {}

    public MeshTopology topology() {
        return MeshTopology.generate(services, edges, callsPerSecond, topologySeed);
    }

    @Override
    public CallGenerator generator(ScenarioConfig config) {
        return new MeshGenerator(this, config);
    }
}
