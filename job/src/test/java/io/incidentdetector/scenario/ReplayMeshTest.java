package io.incidentdetector.scenario;

import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The export's caller-side faults against the same export without faults: which edges move, and by how much. */
class ReplayMeshTest {

    @Test
    void aCallersCpuDelaysItsCallsOutAndAPodItsCallsInAndOut(@TempDir Path dir) throws Exception {
        ReplayMesh export = ReplayMesh.of(1, Duration.ofHours(8));
        assertThat(export.live()).isEqualTo(Duration.ofMinutes(8 * 60 + 150));
        List<ReplayMesh.Delay> faults = export.faults();
        ReplayMesh.Delay caller = faults.get(faults.size() - 2);
        ReplayMesh.Delay pod = faults.get(faults.size() - 1);
        assertThat(caller.target()).isEqualTo("caller:frontend");
        assertThat(pod.target()).isEqualTo("pod:checkoutservice");
        Map<String, Path> faulty = export.write(dir.resolve("faulty"), ReplayMesh.LIVE_START, export.live());
        Map<String, Path> clean = ReplayMesh.faultFree(1, Duration.ofHours(8)).write(dir.resolve("clean"),
                ReplayMesh.LIVE_START, export.live());
        // plain-shaped edges: the fault adds to the very same draw
        String frontendOut = "frontend->adservice";
        String checkoutOut = "checkoutservice->productcatalogservice";
        String neither = "recommendationservice->productcatalogservice";
        assertThat(shift(faulty, clean, frontendOut, caller)).isCloseTo(200, within(1e-6));
        assertThat(shift(faulty, clean, checkoutOut, caller)).isZero();
        assertThat(shift(faulty, clean, checkoutOut, pod)).isCloseTo(100, within(1e-6));
        assertThat(shift(faulty, clean, "frontend->checkoutservice", pod)).as("into the pod").isPositive();
        assertThat(shift(faulty, clean, frontendOut, pod)).isZero();
        assertThat(shift(faulty, clean, neither, caller)).isZero();
        assertThat(shift(faulty, clean, neither, pod)).isZero();
    }

    /** The mean difference of a pair's samples during a fault, faulty export minus clean. */
    private static double shift(Map<String, Path> faulty, Map<String, Path> clean, String pair, ReplayMesh.Delay d)
            throws Exception {
        List<QueryRangeSample> a = during(faulty.get(pair), d.from(), d.to());
        List<QueryRangeSample> b = during(clean.get(pair), d.from(), d.to());
        assertThat(a).hasSameSizeAs(b).isNotEmpty();
        double sum = 0;
        for (int i = 0; i < a.size(); i++) {
            sum += a.get(i).value() - b.get(i).value();
        }
        return sum / a.size();
    }

    private static List<QueryRangeSample> during(Path file, Instant from, Instant to) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return QueryRangeFiles.readSingleSeries(in, file.toString()).stream()
                    .filter(s -> s.timestamp() >= from.toEpochMilli() && s.timestamp() < to.toEpochMilli())
                    .toList();
        }
    }
}
