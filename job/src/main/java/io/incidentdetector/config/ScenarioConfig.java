package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Instant;
import java.util.Set;

/**
 * The built-in generator's settings.
 *
 * @param name            scenario name (see {@code scenarios} command)
 * @param seed            random seed: the same seed gives the same events
 * @param start           event time of the first generated second
 * @param requestsPerUser requests per second per simulated user, per pair
 * @param backgroundRps   requests per second per pair independent of users (health checks, crawlers)
 */
public record ScenarioConfig(String name, Long seed, Instant start, Double requestsPerUser, Double backgroundRps)
        implements Serializable {

    public ScenarioConfig {
        name = name == null ? "demo" : name;
        seed = seed == null ? 42L : seed;
        start = start == null ? Instant.parse("2026-01-01T00:00:00Z") : start;
        requestsPerUser = requestsPerUser == null ? 0.2 : requestsPerUser;
        backgroundRps = backgroundRps == null ? 2.0 : backgroundRps;
    }

    /** Every setting at its default. */
    public static ScenarioConfig defaults() {
        return new ScenarioConfig(null, null, null, null, null);
    }

    public ScenarioConfig withName(String newName) {
        return new ScenarioConfig(newName, seed, start, requestsPerUser, backgroundRps);
    }

    public ScenarioConfig withSeed(long newSeed) {
        return new ScenarioConfig(name, newSeed, start, requestsPerUser, backgroundRps);
    }

    public ScenarioConfig withStart(Instant newStart) {
        return new ScenarioConfig(name, seed, newStart, requestsPerUser, backgroundRps);
    }

    /** The scenario problems; {@code knownNames} are the scenarios the generator knows. */
    void check(Problems p, Set<String> knownNames) {
        p.notBlank("scenario.name", name, "use demo, or see the scenarios command");
        if (!(requestsPerUser >= 0) || !(backgroundRps >= 0) || requestsPerUser + backgroundRps <= 0) {
            p.add("scenario.requests-per-user and scenario.background-rps must be >= 0 and not both 0. Fix: use 0.2 and 2");
        }
        if (!knownNames.contains(name)) {
            p.add("scenario.name '" + name + "' is unknown. Fix: use one of " + knownNames);
        }
    }
}
