package io.incidentdetector.scenario;

import io.incidentdetector.scenario.Scenario.Fault;
import io.incidentdetector.scenario.Scenario.ServiceProfile;
import io.incidentdetector.scenario.Scenario.Surge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The built-in latency scenarios: the lab's Online Boutique situations, and synthetic service meshes. */
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

    /**
     * Every scenario by name, each built when first asked for: the meshes' topologies (10,000 edges for
     * {@code mesh-large}) cost a start-up that runs another scenario nothing.
     */
    private static final Map<String, Lazy> SCENARIOS = new LinkedHashMap<>();

    static {
        add("demo", () -> new Scenario("demo",
                "transients ignored; SEV2 on frontend->cartservice at 10:00, escalates to SEV1 when"
                        + " checkoutservice->paymentservice slows at 16:00, resolves after both recover at 25:00;"
                        + " late transients ignored",
                Duration.ofMinutes(50), BOUTIQUE,
                List.of(new Surge(150, 180, 400), new Surge(350, 380, 600), new Surge(500, 530, 1000),
                        new Surge(2400, 2440, 800), new Surge(2600, 2630, 400)),
                List.of(new Fault(FRONTEND_CART, 600, 1500, DELAY_MS),
                        new Fault(CHECKOUT_PAYMENT, 960, 1500, DELAY_MS))));
        add("normal", () -> new Scenario("normal", "the step load profile, no faults, no surges",
                Duration.ofMinutes(40), BOUTIQUE, List.of(), List.of()));
        add("transients", () -> new Scenario("transients",
                "short user surges (+400 to +1000 users, 30-40 s) on the normal profile",
                Duration.ofMinutes(40), BOUTIQUE, concat(EARLY_SURGES, LATE_SURGES), List.of()));
        add("single-delay", () -> new Scenario("single-delay",
                "0.2 s delay on 100% of frontend->cartservice requests, 10:00-20:00",
                Duration.ofMinutes(30), BOUTIQUE, List.of(), List.of(new Fault(FRONTEND_CART, 600, 1200, DELAY_MS))));
        add("double-delay", () -> new Scenario("double-delay",
                "0.2 s delay on frontend->cartservice and checkoutservice->paymentservice, 10:00-20:00",
                Duration.ofMinutes(30), BOUTIQUE, List.of(),
                List.of(new Fault(FRONTEND_CART, 600, 1200, DELAY_MS),
                        new Fault(CHECKOUT_PAYMENT, 600, 1200, DELAY_MS))));
        add("mesh", () -> new MeshScenario("mesh",
                "a mesh of 30 services and " + smallMesh().edgeCount() + " edges, nothing configured; data store "
                        + smallMeshSlowService() + " is 20 ms slower 20:00-35:00: one root incident naming it, its"
                        + " callers as subjects, incidents above it linked; transients ignored",
                Duration.ofHours(1), 30, 100, 4.0, 1, Duration.ofHours(2), 6,
                List.of(new MeshScenario.MeshFault(smallMeshSlowService(), 1200, 2100, 20))));
        add("mesh-quiet", () -> new MeshScenario("mesh-quiet",
                "the mesh over a whole compressed day (24 h of load in 2 h) with transients and no fault: no incident",
                Duration.ofHours(2), 30, 100, 4.0, 1, Duration.ofHours(2), 6, List.of()));
        add("eval-mesh", () -> EvaluationScenarios.mesh(smallMesh(), false));
        add("eval-mesh-quick", () -> EvaluationScenarios.mesh(smallMesh(), true));
        add("eval-quiet", () -> EvaluationScenarios.quiet(Duration.ofHours(12)));
        add("mesh-large", ScenarioCatalog::meshLarge);
    }

    private static MeshScenario meshLarge() {
        MeshTopology large = MeshTopology.generate(2000, 10_000, 0.5, 2);
        String slow = large.busiestDataStore();
        return new MeshScenario("mesh-large",
                "2,000 services and " + large.edgeCount() + " edges over 3 compressed days (1 h each); data store "
                        + slow + " is 20 ms slower 2:20-2:35",
                Duration.ofHours(3), 2000, 10_000, 0.5, 2, Duration.ofHours(1), 30,
                List.of(new MeshScenario.MeshFault(slow, 8400, 9300, 20)));
    }

    /** The small mesh: 30 services, 100 edges. */
    public static MeshTopology smallMesh() {
        return SmallMesh.TOPOLOGY;
    }

    /** The service the {@code mesh} scenario slows down: the data store with the most callers. */
    public static String smallMeshSlowService() {
        return SmallMesh.SLOW_SERVICE;
    }

    /** Built on first use (the holder idiom): only mesh runs and listings need it. */
    private static final class SmallMesh {
        static final MeshTopology TOPOLOGY = MeshTopology.generate(30, 100, 4.0, 1);
        static final String SLOW_SERVICE = TOPOLOGY.busiestDataStore();
    }

    /** A scenario built once, on first use. */
    private static final class Lazy {
        private final Supplier<LatencyScenario> build;
        private LatencyScenario built;

        Lazy(Supplier<LatencyScenario> build) {
            this.build = build;
        }

        synchronized LatencyScenario get() {
            if (built == null) {
                built = build.get();
            }
            return built;
        }
    }

    private ScenarioCatalog() {}

    private static void add(String name, Supplier<LatencyScenario> scenario) {
        SCENARIOS.put(name, new Lazy(scenario));
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

    public static java.util.Optional<LatencyScenario> find(String name) {
        return java.util.Optional.ofNullable(SCENARIOS.get(name)).map(Lazy::get);
    }

    /** An Online Boutique scenario (its pairs, surges and faults), for the training export. */
    public static java.util.Optional<Scenario> boutique(String name) {
        return find(name).filter(Scenario.class::isInstance).map(Scenario.class::cast);
    }

    public static LatencyScenario get(String name) {
        return find(name).orElseThrow(
                () -> new IllegalArgumentException("unknown scenario '" + name + "'; choose one of " + names()));
    }

    /** The same scenario running for another duration (training exports run the normal profile for hours). */
    public static Scenario withDuration(Scenario scenario, Duration duration) {
        return new Scenario(scenario.name(), scenario.description(), duration, scenario.services(), scenario.surges(),
                scenario.faults());
    }
}
