package io.incidentdetector.scenario;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A named, deterministic stretch of Online Boutique-like traffic: which pairs exist, how long it runs, when users
 * surge and which pairs get a fault-injected delay.
 */
public record Scenario(String name, String description, Duration duration, List<ServiceProfile> services,
        List<Surge> surges, List<Fault> faults) implements LatencyScenario, Serializable {

    @Override
    public CallGenerator generator(io.incidentdetector.config.ScenarioConfig config) {
        return new ServiceCallGenerator(this, config);
    }

    /** A pair with its base latency and how strongly latency grows with load. */
    public record ServiceProfile(String source, String destination, double baseLatencyMs, double trafficShare)
            implements Serializable {}

    /** Extra users between two offsets from the start, in seconds. */
    public record Surge(int fromSecond, int toSecond, int extraUsers) implements Serializable {}

    /** An Istio-style fixed delay added to 100% of a pair's requests between two offsets, in seconds. */
    public record Fault(String pair, int fromSecond, int toSecond, double delayMs) implements Serializable {}
}
