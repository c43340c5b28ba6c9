package io.incidentdetector.scenario;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Client-error traffic of two builds with equal users: each error code has a rate per build, and regressions
 * multiply the canary's rate of a code between two offsets.
 */
public record CanaryScenario(String name, String description, Duration duration, String baselineBuild,
        String canaryBuild, List<CodeRate> codes, List<Regression> regressions) implements Serializable {

    /** Errors of {@code code} per minute, in each build. */
    public record CodeRate(int code, double perMinute) implements Serializable {}

    /** The canary reports {@code factor} times as many errors of {@code code} from one offset to another. */
    public record Regression(int code, int fromSecond, int toSecond, double factor) implements Serializable {}
}
