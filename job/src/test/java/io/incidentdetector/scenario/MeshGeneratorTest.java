package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.event.ServiceCallEvent;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeshGeneratorTest {

    private static final ScenarioConfig SETTINGS = ScenarioConfig.defaults();

    @Test
    void theSmallMeshHasItsServicesAndEdgesAndEveryEdgeCalls() {
        MeshScenario mesh = (MeshScenario) ScenarioCatalog.get("mesh");
        MeshTopology topology = mesh.topology();
        assertThat(topology.serviceCount()).isEqualTo(30);
        assertThat(topology.edgeCount()).isEqualTo(100);
        assertThat(topology.callersOf(ScenarioCatalog.smallMeshSlowService())).hasSizeGreaterThanOrEqualTo(3);
        CallGenerator generator = mesh.generator(SETTINGS);
        Set<String> pairs = new HashSet<>();
        for (long i = 0; i < 400_000; i += 7) {
            pairs.add(generator.map(i).pair());
        }
        assertThat(pairs).hasSize(100);
    }

    @Test
    void anyIndexGivesTheSameEventInAnyOrderAndTimeNeverGoesBack() {
        MeshScenario mesh = (MeshScenario) ScenarioCatalog.get("mesh");
        CallGenerator forward = mesh.generator(SETTINGS);
        CallGenerator backward = mesh.generator(SETTINGS);
        long count = forward.count();
        Map<Long, ServiceCallEvent> seen = new HashMap<>();
        long previous = Long.MIN_VALUE;
        for (long i = 0; i < count; i += 101) {
            ServiceCallEvent e = forward.map(i);
            assertThat(e.timestamp()).isGreaterThanOrEqualTo(previous);
            previous = e.timestamp();
            seen.put(i, e);
        }
        for (long i = (count - 1) / 101 * 101; i >= 0; i -= 101) {
            assertThat(backward.map(i)).isEqualTo(seen.get(i));
        }
        assertThat(mesh.generator(SETTINGS.withSeed(7)).map(5L)).isNotEqualTo(forward.map(5L));
    }

    @Test
    void aSlowDeepServiceShowsOnTheEdgesIntoItAndWeakerOnTheEdgesAbove() {
        MeshScenario base = (MeshScenario) ScenarioCatalog.get("mesh-quiet");
        String db = ScenarioCatalog.smallMeshSlowService();
        MeshScenario faulty = new MeshScenario("t", "", Duration.ofMinutes(2), base.services(), base.edges(),
                base.callsPerSecond(), base.topologySeed(), base.dayLength(), 0,
                List.of(new MeshScenario.MeshFault(db, 60, 120, 50)));
        MeshScenario clean = new MeshScenario("t", "", Duration.ofMinutes(2), base.services(), base.edges(),
                base.callsPerSecond(), base.topologySeed(), base.dayLength(), 0, List.of());
        String caller = faulty.topology().callersOf(db).get(0);
        double into = medianShift(clean, faulty, "->" + db);
        double above = medianShift(clean, faulty, "->" + caller);
        assertThat(into).isGreaterThan(40);
        assertThat(above).isGreaterThan(0.5).isLessThan(into);
    }

    @Test
    void aCallersCpuSlowsEveryCallItMakesAndNothingElse() {
        MeshScenario base = (MeshScenario) ScenarioCatalog.get("mesh-quiet");
        String svc = EvaluationScenarios.midTier(base.topology()).get(0);
        MeshScenario clean = twoMinutes(base, List.of());
        MeshScenario faulty = twoMinutes(base, List.of(new MeshScenario.MeshFault("caller:" + svc, 60, 120, 100)));
        for (String callee : base.topology().calleesOf(svc)) {
            assertThat(medianShift(clean, faulty, svc + "->" + callee)).as(callee).isBetween(85.0, 115.0);
        }
        // the calls into it and every other edge: the very same events
        CallGenerator a = clean.generator(SETTINGS);
        CallGenerator b = faulty.generator(SETTINGS);
        int others = 0;
        for (long i = 0; i < a.count(); i += 3) {
            ServiceCallEvent e = a.map(i);
            if (!e.source().equals(svc)) {
                assertThat(b.map(i)).isEqualTo(e);
                others++;
            }
        }
        assertThat(others).isGreaterThan(5_000);
        assertThat(base.topology().callersOf(svc)).isNotEmpty();
    }

    @Test
    void aPodsNetworkDelaySlowsTheCallsIntoAndOutOfItsService() {
        MeshScenario base = (MeshScenario) ScenarioCatalog.get("mesh-quiet");
        MeshTopology topology = base.topology();
        String svc = EvaluationScenarios.midTier(topology).get(0);
        MeshScenario clean = twoMinutes(base, List.of());
        MeshScenario faulty = twoMinutes(base, List.of(new MeshScenario.MeshFault("pod:" + svc, 60, 120, 100)));
        for (String callee : topology.calleesOf(svc)) {
            assertThat(medianShift(clean, faulty, svc + "->" + callee)).as("out to " + callee).isBetween(85.0, 115.0);
        }
        for (String caller : topology.callersOf(svc)) {
            assertThat(medianShift(clean, faulty, caller + "->" + svc)).as("in from " + caller).isBetween(85.0, 115.0);
        }
        String unrelated = topology.calleesOf(svc).get(0);
        String otherCaller = topology.callersOf(unrelated).stream().filter(c -> !c.equals(svc)).findFirst()
                .orElseThrow();
        assertThat(medianShift(clean, faulty, otherCaller + "->" + unrelated)).as("a callee's other caller")
                .isZero();
    }

    @Test
    void aTargetSaysItsKindAndABlankServiceIsRefused() {
        assertThat(FaultTarget.parse("caller:svc-01")).isEqualTo(new FaultTarget(FaultTarget.Kind.CALLER, "svc-01",
                null));
        assertThat(FaultTarget.parse("pod:svc-01").slowsCallsIn()).isTrue();
        assertThat(FaultTarget.parse("pod:svc-01").slowsCallsOut()).isTrue();
        assertThat(FaultTarget.parse("a:b").pair()).isEqualTo("a->b");
        assertThat(FaultTarget.parse("db").slowsCallsOut()).isFalse();
        assertThatThrownBy(() -> FaultTarget.parse("caller: ")).hasMessageContaining("caller:svc");
    }

    private static MeshScenario twoMinutes(MeshScenario base, List<MeshScenario.MeshFault> faults) {
        return new MeshScenario("t", "", Duration.ofMinutes(2), base.services(), base.edges(), base.callsPerSecond(),
                base.topologySeed(), base.dayLength(), 0, faults);
    }

    /** Median latency (second minute minus first) of calls into a service, faulty run minus clean run. */
    private static double medianShift(MeshScenario clean, MeshScenario faulty, String suffix) {
        return lateMedian(faulty, suffix) - lateMedian(clean, suffix);
    }

    private static double lateMedian(MeshScenario scenario, String suffix) {
        CallGenerator g = scenario.generator(SETTINGS);
        long start = SETTINGS.start().toEpochMilli() + 60_000;
        List<Double> latencies = new java.util.ArrayList<>();
        for (long i = 0; i < g.count(); i++) {
            ServiceCallEvent e = g.map(i);
            if (e.timestamp() >= start && e.pair().endsWith(suffix)) {
                latencies.add(e.latencyMs());
            }
        }
        latencies.sort(null);
        return latencies.get(latencies.size() / 2);
    }
}
