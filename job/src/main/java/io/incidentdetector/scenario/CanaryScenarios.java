package io.incidentdetector.scenario;

import io.incidentdetector.scenario.CanaryScenario.CodeRate;
import io.incidentdetector.scenario.CanaryScenario.Regression;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The built-in canary scenarios; {@code demo} also has a canary part (a regression after the latency incident). */
public final class CanaryScenarios {

    public static final String BASELINE = "5.0007.510.011";
    public static final String CANARY = "5.0007.610.011";

    /** From a common code to a rare one, the same in both builds. */
    static final List<CodeRate> CODES = List.of(new CodeRate(-3, 0.5), new CodeRate(1, 60), new CodeRate(2, 20),
            new CodeRate(3, 6), new CodeRate(4, 20), new CodeRate(7, 2));

    private static final Map<String, CanaryScenario> SCENARIOS = new LinkedHashMap<>();

    static {
        add(new CanaryScenario("canary-clean", "two builds with equal users and equal error rates", Duration.ofMinutes(40),
                BASELINE, CANARY, CODES, List.of()));
        add(new CanaryScenario("canary-regression",
                "the canary triples code 4 from 10:00 (SEV2) and raises rare code 7 eightfold from 15:00 (SEV1);"
                        + " both back to normal at 25:00",
                Duration.ofMinutes(40), BASELINE, CANARY, CODES,
                List.of(new Regression(4, 600, 1500, 3), new Regression(7, 900, 1500, 8))));
        add(new CanaryScenario("demo", "the canary triples code 4 from 28:00 to 38:00", Duration.ofMinutes(50),
                BASELINE, CANARY, CODES, List.of(new Regression(4, 1680, 2280, 3))));
    }

    private CanaryScenarios() {}

    private static void add(CanaryScenario scenario) {
        SCENARIOS.put(scenario.name(), scenario);
    }

    /** The error codes the built-in canary scenarios generate. */
    public static List<Integer> codes() {
        return CODES.stream().map(CanaryScenario.CodeRate::code).toList();
    }

    public static Set<String> names() {
        return SCENARIOS.keySet();
    }

    public static Optional<CanaryScenario> find(String name) {
        return Optional.ofNullable(SCENARIOS.get(name));
    }
}
