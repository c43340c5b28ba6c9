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
        add(evaluation());
    }

    /** The canary scenario of {@code evaluate}. */
    public static final String EVALUATION = "eval-canary";
    /** Codes of {@link #EVALUATION}: two common (30 and 60 errors a 30-second bin per build), two rare. */
    public static final int COMMON_CODE = 1;
    public static final int RARE_CODE = 7;

    /**
     * Regressions of 1.2x, 1.5x, 2x and 5x on a common code and on a rare one, 10 minutes each with 15 quiet minutes
     * between, and a "1x regression" (no change at all) that must raise nothing.
     */
    private static CanaryScenario evaluation() {
        List<CodeRate> codes = List.of(new CodeRate(COMMON_CODE, 60), new CodeRate(5, 120), new CodeRate(RARE_CODE, 2),
                new CodeRate(8, 0.5));
        List<Regression> regressions = new java.util.ArrayList<>();
        int at = 600;
        for (double factor : new double[] {1.0, 1.2, 1.5, 2, 5}) {
            for (int code : new int[] {COMMON_CODE, RARE_CODE}) {
                regressions.add(new Regression(code, at, at + 600, factor));
                at += 1500;
            }
        }
        return new CanaryScenario(EVALUATION, "evaluate: 1x, 1.2x, 1.5x, 2x and 5x on a common and a rare code, 10"
                + " minutes each", Duration.ofSeconds(at), BASELINE, CANARY, codes, List.copyOf(regressions));
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
