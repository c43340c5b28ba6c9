package io.incidentdetector.pipeline;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.connectors.file.JsonLinesFileSink;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.launcher.ProcessFigures;
import io.incidentdetector.plan.EnvironmentSettings;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.source.CanarySources;
import io.incidentdetector.source.LatencySources;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key flood alongside a real fault, the whole job on a MiniCluster at parallelism 2: distinct pairs that each call
 * once next to {@code single-delay}, distinct error codes that each occur once next to {@code canary-regression}.
 * The incidents are those of the run without the flood, the caps refuse the rest (each refusal a dead letter), and
 * the heap kept after garbage collection is printed next to that of the run without the flood. CI floods with
 * 100,000 pairs and 10,000 codes; the full flood is
 * {@code mvn -o -pl job -am test -Dtest=KeyFloodITCase -Dsurefire.failIfNoSpecifiedTests=false
 * -Dflood.pairs=1000000 -Dflood.codes=100000} (docs/reliability.md#caps-everywhere-with-a-reason-at-the-cap has the figures).
 */
class KeyFloodITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    static final int PAIRS = Integer.getInteger("flood.pairs", 100_000);
    static final int CODES = Integer.getInteger("flood.codes", 10_000);

    @TempDir
    Path out;

    /** What a run gave: its incidents (sorted lines), its dead letters, the heap it kept, how long it took. */
    record Run(List<String> incidents, long deadLetters, long heapAfterGc, Duration took) {}

    @Test
    void aMillionPairsNextToSingleDelayLeaveItsIncidentsAsTheyAreAndTheJudgeAtItsCap() throws Exception {
        Run quiet = run("single-delay", 0, "quiet");
        Run flooded = run("single-delay", PAIRS, "flooded");
        report("pairs", PAIRS, quiet, flooded);

        assertThat(quiet.incidents()).as("single-delay opens its incident").isNotEmpty();
        assertThat(flooded.incidents()).isEqualTo(quiet.incidents());
        assertThat(episodes(quiet.incidents(), true)).hasSize(2);
        int maxPairs = JobConfig.defaults().latency().maxPairs();
        assertThat(quiet.deadLetters()).isZero();
        // each flood pair has one window; every one the judge could not track is a dead letter: at most the cap
        // was tracked
        assertThat(flooded.deadLetters()).isBetween((long) PAIRS - maxPairs, (long) PAIRS);
    }

    @Test
    void errorCodesFloodingCanaryRegressionAreRefusedBeyondTheCapAndItsIncidentStillOpens() throws Exception {
        Run quiet = run("canary-regression", 0, "quiet");
        Run flooded = run("canary-regression", CODES, "flooded");
        report("codes", CODES, quiet, flooded);

        // the same episode, opened and resolved at the same times, with the same codes and severities. The flood's
        // codes that are compared (up to the cap) are errors of both builds, so traffic, and tests: the rate ratios
        // differ a little, and under a flood that keeps the cap full a rare code may join a few bins later
        assertThat(quiet.incidents()).isNotEmpty();
        assertThat(episodes(flooded.incidents(), false)).isEqualTo(episodes(quiet.incidents(), false));
        System.out.printf("updates without the flood %s, with it %s%n", updates(quiet), updates(flooded));
        assertThat(quiet.deadLetters()).isZero();
        assertThat(flooded.deadLetters()).as("codes beyond canary.max-codes").isPositive().isLessThanOrEqualTo(CODES);
    }

    /** Each record's id, status, severity, subjects, opening and resolve; the time of an update if asked for. */
    private static List<String> episodes(List<String> incidents, boolean updateTimes) throws Exception {
        List<String> episodes = new ArrayList<>();
        for (String line : incidents) {
            Incident i = JsonCodec.mapper().readValue(line, Incident.class);
            episodes.add(String.join(" ", i.id(), i.status().name(), i.severity().name(),
                    String.valueOf(i.subjects()), String.valueOf(i.openedAt()), String.valueOf(i.resolvedAt()),
                    updateTimes ? String.valueOf(i.updatedAt()) : ""));
        }
        episodes.sort(null);
        return episodes;
    }

    private static List<String> updates(Run run) throws Exception {
        List<String> updates = new ArrayList<>();
        for (String line : run.incidents()) {
            Incident i = JsonCodec.mapper().readValue(line, Incident.class);
            updates.add(i.updatedAt() + " " + i.severity() + " " + i.subjects().size() + " subjects");
        }
        updates.sort(null);
        return updates;
    }

    private Run run(String scenario, int flood, String name) throws Exception {
        Path dir = Files.createDirectories(out.resolve(name));
        RunOptions options = new RunOptions();
        options.scenario = scenario;
        options.out = dir;
        options.quiet = true;
        options.parallelism = 2;
        RunPlan plan = RunPlans.from(options.toRequest());
        JobConfig config = plan.config();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        EnvironmentSettings.apply(env, config);
        Instant start = config.scenario().start();
        Inputs inputs;
        if (plan.inputs().latency()) {
            Duration length = ScenarioCatalog.get(scenario).duration();
            inputs = LatencySources.generator(env, ScenarioCatalog.get(scenario), config.scenario(), config.latency())
                    .and(LatencySources.training(env, config.latency(), plan.location()));
            if (flood > 0) {
                DataStream<ServiceCallEvent> calls = env.fromSource(new DataGeneratorSource<>(
                                new FloodCalls(start, length, flood), flood, TypeInformation.of(ServiceCallEvent.class)),
                        LatencySources.watermarks(config.latency()), "flood of pairs")
                        .uid("flood-pairs").setParallelism(1);
                inputs = inputs.and(Inputs.none().withServiceCalls(calls));
            }
        } else {
            Duration length = CanaryScenarios.find(scenario).orElseThrow().duration();
            inputs = CanarySources.generator(env, CanaryScenarios.find(scenario).orElseThrow(), config.scenario(),
                    config.canary());
            if (flood > 0) {
                DataStream<ClientErrorEvent> errors = env.fromSource(new DataGeneratorSource<>(
                                new FloodErrors(start, length, flood, config.canary().baselineBuild(),
                                        config.canary().canaryBuild()), flood,
                                TypeInformation.of(ClientErrorEvent.class)),
                        WatermarkStrategy.<ClientErrorEvent>forBoundedOutOfOrderness(config.canary().outOfOrderness())
                                .withTimestampAssigner((e, t) -> e.timestamp()), "flood of codes")
                        .uid("flood-codes").setParallelism(1);
                inputs = inputs.and(Inputs.none().withClientErrors(errors));
            }
        }
        Path incidents = dir.resolve("incidents.jsonl");
        Outputs outputs = Outputs.builder(JsonLinesFileSink.jackson(incidents), new DiscardingSink<>()).build();
        IncidentPipeline.build(new PipelineSettings(config.latency(), new PipelineSettings.CanarySettings(
                config.canary(), config.canary().baselineBuild(), config.canary().canaryBuild(),
                plan.inputs().clockLabels()), config.deadLetters(), config.control()), inputs, outputs);

        System.gc();
        ProcessFigures.HeapSampler heap = new ProcessFigures.HeapSampler();
        heap.start();
        // a collection every half second, so that the peak is what the job keeps, whatever the heap's size
        ScheduledExecutorService collections = Executors.newSingleThreadScheduledExecutor();
        collections.scheduleWithFixedDelay(System::gc, 500, 500, TimeUnit.MILLISECONDS);
        long began = System.nanoTime();
        JobExecutionResult result;
        try {
            result = env.execute(scenario + " " + name);
        } finally {
            collections.shutdownNow();
            heap.stop();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        Long deadLetters = result.getAccumulatorResult("dead-letters");
        return new Run(Files.readAllLines(incidents).stream().sorted().toList(),
                deadLetters == null ? 0 : deadLetters, heap.peakAfterGc(), took);
    }

    private static void report(String keys, int flood, Run quiet, Run flooded) {
        System.out.printf("key flood of %,d %s: peak heap after GC %,d MB (without the flood %,d MB); %,d dead"
                        + " letters; %d s (without %d s)%n", flood, keys, flooded.heapAfterGc() >> 20,
                quiet.heapAfterGc() >> 20, flooded.deadLetters(), flooded.took().toSeconds(), quiet.took().toSeconds());
    }

    /** Pair {@code i} calls once, {@code flood-i -> sink-i}, spread evenly over the scenario in time order. */
    static final class FloodCalls implements GeneratorFunction<Long, ServiceCallEvent> {
        private static final long serialVersionUID = 1L;
        private final long start;
        private final long length;
        private final long count;

        FloodCalls(Instant start, Duration length, long count) {
            this.start = start.toEpochMilli();
            this.length = length.toMillis();
            this.count = count;
        }

        @Override
        public ServiceCallEvent map(Long i) {
            return new ServiceCallEvent(start + i * length / count, "flood-" + i, "sink-" + i, 5.0, 200);
        }
    }

    /** Code {@code 100000 + i} occurs once, in either build by turns, spread evenly over the scenario. */
    static final class FloodErrors implements GeneratorFunction<Long, ClientErrorEvent> {
        private static final long serialVersionUID = 1L;
        private final long start;
        private final long length;
        private final long count;
        private final String baseline;
        private final String canary;

        FloodErrors(Instant start, Duration length, long count, String baseline, String canary) {
            this.start = start.toEpochMilli();
            this.length = length.toMillis();
            this.count = count;
            this.baseline = baseline;
            this.canary = canary;
        }

        @Override
        public ClientErrorEvent map(Long i) {
            return new ClientErrorEvent(start + i * length / count, i % 2 == 0 ? baseline : canary,
                    100_000 + i.intValue(), "flood");
        }
    }
}
