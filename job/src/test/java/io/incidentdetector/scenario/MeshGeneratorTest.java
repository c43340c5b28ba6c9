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

class MeshGeneratorTest {

    private static final ScenarioConfig SETTINGS = ScenarioConfig.defaults();

    @Test
    void theSmallMeshHasItsServicesAndEdgesAndEveryEdgeCalls() {
        MeshScenario mesh = (MeshScenario) ScenarioCatalog.get("mesh");
        MeshTopology topology = mesh.topology();
        assertThat(topology.serviceCount()).isEqualTo(30);
        assertThat(topology.edgeCount()).isEqualTo(100);
        assertThat(topology.callersOf(ScenarioCatalog.SMALL_MESH_SLOW_SERVICE)).hasSizeGreaterThanOrEqualTo(3);
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
        String db = ScenarioCatalog.SMALL_MESH_SLOW_SERVICE;
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
