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
 * to a service or an edge.
 *
 * @param callsPerSecond mean calls per second of an edge at average load
 * @param topologySeed   the graph is always the same for a scenario; the run's seed moves noise and transients
 * @param transientsPerHour transients per hour of event time, over the whole mesh
 */
public record MeshScenario(String name, String description, Duration duration, int services, int edges,
        double callsPerSecond, long topologySeed, Duration dayLength, int transientsPerHour, List<MeshFault> faults)
        implements LatencyScenario, Serializable {

    /**
     * A delay added to every call into {@code target} (a service) or on one edge ({@code caller->callee}), between two
     * offsets from the start in seconds.
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
