package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;

import java.time.Duration;

/** A built-in scenario that generates service calls: the Online Boutique pairs, or a synthetic service mesh. */
public interface LatencyScenario {

    String name();

    String description();

    Duration duration();

    /** The calls of this scenario for the run's seed and start, deterministic at any parallelism. */
    CallGenerator generator(ScenarioConfig config);
}
