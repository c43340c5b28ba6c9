package io.incidentdetector.pipeline;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.SuspectKind;
import io.incidentdetector.incident.correlation.SuspectSelection;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.scenario.MeshScenario;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A mesh nobody configured: the built-in mesh scenarios and a replayed file, default configuration, parallelism 2. */
class MeshITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path out;

    private List<Incident> run(RunOptions options) throws Exception {
        options.out = out;
        options.quiet = true;
        options.parallelism = 2;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        env.execute("mesh");
        return LatencyScenariosITCase.read(out.resolve(OutputFiles.INCIDENTS));
    }

    private static Map<String, Incident> lastRecordById(List<Incident> incidents) {
        Map<String, Incident> last = new LinkedHashMap<>();
        incidents.forEach(i -> last.put(i.id(), i));
        return last;
    }

    @Test
    void aSlowDeepServiceOpensOneRootIncidentNamingItWithItsCallersAsSubjectsAndLinksTheIncidentsAbove()
            throws Exception {
        RunOptions options = new RunOptions();
        options.scenario = "mesh";
        List<Incident> incidents = run(options);
        String slow = ScenarioCatalog.smallMeshSlowService();
        MeshScenario.MeshFault fault = ((MeshScenario) ScenarioCatalog.get("mesh")).faults().get(0);
        List<String> callers = ScenarioCatalog.smallMesh().callersOf(slow);

        Map<String, Incident> episodes = lastRecordById(incidents);
        List<Incident> roots = episodes.values().stream()
                .filter(i -> SuspectSelection.serviceOf(i.subjects()).equals(i.suspect())).toList();
        assertThat(roots).as("one root incident").hasSize(1);
        Incident root = roots.get(0);
        assertThat(root.group()).isEqualTo("dst:" + slow);
        assertThat(root.suspect()).isEqualTo(slow);
        assertThat(root.suspectKind()).isEqualTo(SuspectKind.CALLEE);
        assertThat(root.suspectReason()).contains(" of " + slow + "'s " + callers.size() + " callers see it slow");
        assertThat(root.subjects()).allSatisfy(pair -> assertThat(pair).endsWith("->" + slow));
        assertThat(root.subjects().stream().map(p -> p.substring(0, p.indexOf("->"))).toList())
                .isSubsetOf(callers).hasSizeGreaterThanOrEqualTo(callers.size() / 2);
        assertThat(root.status()).isEqualTo(IncidentStatus.RESOLVED);

        for (Incident linked : episodes.values()) {
            if (linked != root) {
                assertThat(linked.suspect()).as(linked.id()).isEqualTo(slow);
                assertThat(linked.related()).as(linked.id()).contains(root.id());
                assertThat(ScenarioCatalog.smallMesh().callersOf(slow).size()).isPositive();
            }
        }
        assertThat(root.related()).as("the root lists what it explains").isNotEmpty();
        Instant faultStart = START.plusSeconds(fault.fromSecond());
        Instant faultEnd = START.plusSeconds(fault.toSecond());
        assertThat(incidents).allSatisfy(i -> assertThat(i.openedAt()).isAfter(faultStart).isBefore(faultEnd));
        assertThat(root.openedAt()).isBeforeOrEqualTo(faultStart.plusSeconds(150));
    }

    @Test
    void aFaultFreeMeshOverACompressedDayWithTransientsOpensNoIncident() throws Exception {
        RunOptions options = new RunOptions();
        options.scenario = "mesh-quiet";
        assertThat(run(options)).isEmpty();
        long anomalous = Files.readAllLines(out.resolve(OutputFiles.WINDOWS)).stream()
                .filter(l -> l.contains("\"anomalyCount\":1")).count();
        assertThat(anomalous).as("transients and noise do produce anomalies; the heat rule ignores them").isPositive();
    }

    /**
     * 50 pairs, an hour at 2 calls per second each, log-normal latencies, 200 ms more on one pair for 15 minutes:
     * replayed from a file with the default configuration, nothing about the pairs configured.
     */
    @Test
    void aReplayedFiftyPairMeshOpensOneIncidentOnTheFaultyPair(@TempDir Path tmp) throws Exception {
        Path events = tmp.resolve("mesh.jsonl");
        String faulty = "caller-07->callee-07";
        Random random = new Random(11);
        try (BufferedWriter w = Files.newBufferedWriter(events)) {
            for (int second = 0; second < 3600; second++) {
                for (int pair = 0; pair < 50; pair++) {
                    String source = String.format(Locale.ROOT, "caller-%02d", pair);
                    String destination = String.format(Locale.ROOT, "callee-%02d", pair % 20);
                    double median = 5 + pair % 7;
                    for (int call = 0; call < 2; call++) {
                        double latency = median * Math.exp(0.3 * random.nextGaussian());
                        if ((source + "->" + destination).equals(faulty) && second >= 1800 && second < 2700) {
                            latency += 200;
                        }
                        w.write(String.format(Locale.ROOT,
                                "{\"timestamp\":%d,\"source\":\"%s\",\"destination\":\"%s\",\"latencyMs\":%.3f}%n",
                                START.toEpochMilli() + second * 1000L + call * 500L, source, destination, latency));
                    }
                }
            }
        }
        RunOptions options = new RunOptions();
        options.events = List.of(events);
        Map<String, Incident> episodes = lastRecordById(run(options));
        assertThat(episodes).hasSize(1);
        Incident incident = episodes.values().iterator().next();
        assertThat(incident.group()).isEqualTo("dst:callee-07");
        assertThat(incident.subjects()).containsExactly(faulty);
        // callee-07's other callers (caller-27, caller-47) are cool: the edge is the suspect
        assertThat(incident.suspect()).isEqualTo(faulty);
        assertThat(incident.suspectKind()).isEqualTo(SuspectKind.EDGE);
        assertThat(incident.suspectReason())
                .startsWith("only " + faulty + " is hot; callee-07's other callers are cool");
        assertThat(incident.openedAt()).isAfter(START.plusSeconds(1800)).isBefore(START.plusSeconds(1800 + 180));
        assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
    }
}
