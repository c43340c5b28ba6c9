package io.incidentdetector.pipeline;

import io.incidentdetector.canary.count.CountPerSecond;
import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The same scenario at parallelism 1 and 2 (on two TaskManagers) gives the same results, record for record. */
class ParallelismITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    @Test
    void demoAtParallelismTwoEqualsParallelismOne(@TempDir Path dir) throws Exception {
        Path one = run(1, dir.resolve("p1"));
        Path two = run(2, dir.resolve("p2"));
        for (String file : List.of(OutputFiles.INCIDENTS, OutputFiles.WINDOWS, OutputFiles.ALERTS,
                OutputFiles.HEATMAP_CELLS)) {
            List<String> p1 = Files.readAllLines(one.resolve(file));
            List<String> p2 = Files.readAllLines(two.resolve(file));
            assertThat(p1).as(file).isNotEmpty();
            // parallel subtasks interleave differently; the records themselves must be the same
            assertThat(p2).as(file).containsExactlyInAnyOrderElementsOf(p1);
        }
        // and every episode's records keep their order
        assertThat(byIncident(two)).isEqualTo(byIncident(one));
    }

    /** At parallelism 2 the keys of every keyed stage land on both subtasks, not all on one. */
    @Test
    void theDemosKeysSpreadOverBothSubtasks() {
        int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(2);
        Set<Integer> pairSubtasks = ScenarioCatalog.BOUTIQUE.stream()
                .map(s -> s.source() + "->" + s.destination())
                .map(key -> KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, 2))
                .collect(Collectors.toSet());
        assertThat(pairSubtasks).containsExactlyInAnyOrder(0, 1);
        JobConfig config = ConfigLoader.load("local.yaml", ScenarioCatalog.allNames()).config();
        Set<Integer> codeSubtasks = CanaryScenarios.codes().stream()
                .flatMap(code -> java.util.stream.Stream.of(CanaryScenarios.BASELINE, CanaryScenarios.CANARY)
                        .map(build -> CountPerSecond.key(new ClientErrorEvent(0, build, code, null))))
                .map(key -> KeyGroupRangeAssignment.assignKeyToParallelOperator(key, maxParallelism, 2))
                .collect(Collectors.toSet());
        assertThat(codeSubtasks).containsExactlyInAnyOrder(0, 1);
        Set<Integer> groupSubtasks = config.latency().groups().stream()
                .map(g -> KeyGroupRangeAssignment.assignKeyToParallelOperator(g.name(), maxParallelism, 2))
                .collect(Collectors.toSet());
        assertThat(groupSubtasks).containsExactlyInAnyOrder(0, 1);
    }

    private static Path run(int parallelism, Path out) throws Exception {
        RunOptions options = new RunOptions();
        options.out = out;
        options.quiet = true;
        options.parallelism = parallelism;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        env.execute("demo at parallelism " + parallelism);
        return out;
    }

    private static TreeSet<String> byIncident(Path out) throws Exception {
        // id + the sequence of its statuses, e.g. "latency-checkout-path-1767226320 OPEN,UPDATED,RESOLVED"
        return Files.readAllLines(out.resolve(OutputFiles.INCIDENTS)).stream()
                .map(line -> line.replaceAll(".*\"id\":\"([^\"]+)\",\"status\":\"([A-Z]+)\".*", "$1 $2"))
                .collect(Collectors.groupingBy(s -> s.split(" ")[0], java.util.LinkedHashMap::new,
                        Collectors.mapping(s -> s.split(" ")[1], Collectors.joining(","))))
                .entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
