package io.incidentdetector.scenario;

import io.incidentdetector.scenario.Scenario.Fault;
import io.incidentdetector.scenario.Scenario.ServiceProfile;
import io.incidentdetector.scenario.Scenario.Surge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The built-in scenarios, after the situations the seed lab was judged on. */
public final class ScenarioCatalog {

    public static final String FRONTEND_CART = "frontend->cartservice";
    public static final String CHECKOUT_PAYMENT = "checkoutservice->paymentservice";

    /** Online Boutique call pairs with plausible p50 latencies. */
    public static final List<ServiceProfile> BOUTIQUE = List.of(
            new ServiceProfile("frontend", "cartservice", 8.0, 1.0),
            new ServiceProfile("checkoutservice", "paymentservice", 4.0, 0.5),
            new ServiceProfile("frontend", "productcatalogservice", 5.0, 1.5),
            new ServiceProfile("frontend", "shippingservice", 6.0, 0.5),
            new ServiceProfile("frontend", "currencyservice", 3.0, 1.0));

    /** Short surges (30-40 s) at the seed's offsets: anomalies appear, incidents must not. */
    static final List<Surge> EARLY_SURGES = List.of(
            new Surge(150, 180, 400), new Surge(350, 380, 600), new Surge(500, 530, 1000));
    static final List<Surge> LATE_SURGES = List.of(new Surge(1000, 1040, 800), new Surge(1250, 1280, 400));

    private static final double DELAY_MS = 200.0;

    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        add(new Scenario("demo",
                "transients ignored; SEV2 on frontend->cartservice at 10:00, escalates to SEV1 when"
                        + " checkoutservice->paymentservice slows at 16:00, resolves after both recover at 25:00;"
                        + " late transients ignored",
                Duration.ofMinutes(50), BOUTIQUE,
                List.of(new Surge(150, 180, 400), new Surge(350, 380, 600), new Surge(500, 530, 1000),
                        new Surge(2400, 2440, 800), new Surge(2600, 2630, 400)),
                List.of(new Fault(FRONTEND_CART, 600, 1500, DELAY_MS), new Fault(CHECKOUT_PAYMENT, 960, 1500, DELAY_MS))));
        add(new Scenario("normal", "the step load profile, no faults, no surges",
                Duration.ofMinutes(40), BOUTIQUE, List.of(), List.of()));
        add(new Scenario("transients", "short user surges (+400 to +1000 users, 30-40 s) on the normal profile",
                Duration.ofMinutes(40), BOUTIQUE, concat(EARLY_SURGES, LATE_SURGES), List.of()));
        add(new Scenario("single-delay", "0.2 s delay on 100% of frontend->cartservice requests, 10:00-20:00",
                Duration.ofMinutes(30), BOUTIQUE, List.of(), List.of(new Fault(FRONTEND_CART, 600, 1200, DELAY_MS))));
        add(new Scenario("double-delay",
                "0.2 s delay on frontend->cartservice and checkoutservice->paymentservice, 10:00-20:00",
                Duration.ofMinutes(30), BOUTIQUE, List.of(),
                List.of(new Fault(FRONTEND_CART, 600, 1200, DELAY_MS), new Fault(CHECKOUT_PAYMENT, 600, 1200, DELAY_MS))));
    }

    private ScenarioCatalog() {}

    private static void add(Scenario scenario) {
        SCENARIOS.put(scenario.name(), scenario);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Latency scenarios. */
    public static Set<String> names() {
        return SCENARIOS.keySet();
    }

    /** Latency and canary scenarios: any name the generator knows. */
    public static Set<String> allNames() {
        Set<String> all = new java.util.LinkedHashSet<>(SCENARIOS.keySet());
        all.addAll(CanaryScenarios.names());
        return all;
    }

    public static boolean isKnown(String name) {
        return SCENARIOS.containsKey(name) || CanaryScenarios.names().contains(name);
    }

    public static java.util.Optional<Scenario> find(String name) {
        return java.util.Optional.ofNullable(SCENARIOS.get(name));
    }

    public static Scenario get(String name) {
        Scenario scenario = SCENARIOS.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; choose one of " + names());
        }
        return scenario;
    }

    /** The same scenario running for another duration (training exports run the normal profile for hours). */
    public static Scenario withDuration(Scenario scenario, Duration duration) {
        return new Scenario(scenario.name(), scenario.description(), duration, scenario.services(), scenario.surges(),
                scenario.faults());
    }
}
