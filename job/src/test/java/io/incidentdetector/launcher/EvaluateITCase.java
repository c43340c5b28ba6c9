package io.incidentdetector.launcher;

import io.incidentdetector.evaluate.Percentile;
import io.incidentdetector.evaluate.Scorecard;
import io.incidentdetector.incident.IncidentKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small {@code evaluate} run with the shipped configuration on a fixed seed: the mesh at 10-second windows (100 to
 * 500 ms on one service or one pair, 200 ms of a caller's CPU and of a pod's network, 3 minutes each), 8 hours of a
 * one-minute export with the real-data shapes, and canary regressions of 1x to 5x on a common and a rare code.
 * Its bounds are the detector's promises; the full matrix is a command, not a test.
 */
class EvaluateITCase {

    @Test
    void theQuickMatrixCatchesEveryPromisedFaultWithTheRightCulpritAndNoFalseIncident(@TempDir Path dir)
            throws Exception {
        Map<String, Scorecard> suites = EvaluateCommand.quick(List.of(1L)).runMatrix(dir);
        Scorecard.Tally mesh = suites.get("mesh, 10 s windows").tally(IncidentKind.LATENCY);
        assertThat(mesh.faults).isEqualTo(8);
        assertThat(mesh.promisedRecall()).as("missed: " + mesh.missed).isEqualTo(1.0);
        assertThat(mesh.culpritRate()).as(mesh.faultLines.toString()).isEqualTo(1.0);
        assertThat(mesh.severityAccuracy()).isEqualTo(1.0);
        assertThat(mesh.falsePerDay()).as("false: " + mesh.falseIncidents).isZero();

        Scorecard.Tally replay = suites.get("replay, 1-minute steps").tally(IncidentKind.LATENCY);
        assertThat(replay.faults).isGreaterThanOrEqualTo(8);
        assertThat(replay.promisedRecall()).as("missed: " + replay.missed).isEqualTo(1.0);
        assertThat(replay.culpritRate()).as(replay.faultLines.toString()).isEqualTo(1.0);
        assertThat(replay.falsePerDay()).as("false: " + replay.falseIncidents).isLessThanOrEqualTo(1.0);
        assertThat(Percentile.of(replay.detectMillis, 0.5) / 1000).as("within 3 samples").isIn(0L, 60L, 120L, 180L);

        Scorecard.Tally canary = suites.get("canary, 30 s bins").tally(IncidentKind.ERROR_RATE);
        assertThat(canary.faults).isEqualTo(8);
        assertThat(canary.promised).as("2x and 5x on the common code").isEqualTo(2);
        assertThat(canary.promisedRecall()).as("missed: " + canary.missed).isEqualTo(1.0);
        assertThat(canary.falsePerDay()).as("nothing during the 1x 'regression': " + canary.falseIncidents).isZero();
    }
}
