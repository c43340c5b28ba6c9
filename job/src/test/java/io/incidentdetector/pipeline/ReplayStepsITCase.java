package io.incidentdetector.pipeline;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays of one pair's query_range export at any sample step, with the shipped configuration: a flat series (noise
 * within 2%) that steps up threefold for a while. Each replay starts, opens one incident for the step up and resolves
 * it once the series is back; a scrape gap (NaN samples, missing steps) neither splits the incident nor ends it.
 */
class ReplayStepsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(1, 2);

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final int BEFORE = 120;
    static final int AFTER = 40;
    static final double NORMAL_MS = 100;
    static final String PAIR = "shop->ledger";

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "a replay in steps of {0} opens and resolves one incident for a {1}-sample fault")
    @CsvSource({"10s, 24", "1min, 10", "5min, 8", "1h, 8"})
    void aReplayAtAnyStepDetectsTheFaultAndResolvesAfterIt(String stepText, int faultSamples) throws Exception {
        Duration step = TimeUtils.parseDuration(stepText);
        Series series = new Series(step, faultSamples, Set.of());
        List<Incident> incidents = replay(series);

        assertOneEpisode(incidents);
        Incident opened = incidents.get(0);
        assertThat(opened.openedAt()).isAfterOrEqualTo(series.faultStart())
                .isBefore(series.faultStart().plus(step.multipliedBy(step.getSeconds() < 60 ? 15 : 3)));
        Incident resolved = incidents.get(incidents.size() - 1);
        assertThat(resolved.resolvedAt()).isAfter(series.faultEnd())
                .isBefore(series.faultEnd().plus(step.multipliedBy(12)));
    }

    @ParameterizedTest(name = "at steps of {0}, a gap inside a long anomaly is no cool-down")
    @ValueSource(strings = {"1min", "1h"})
    void aGapInsideALongAnomalyDoesNotSplitItsIncident(String stepText) throws Exception {
        Duration step = TimeUtils.parseDuration(stepText);
        // 3 samples into an 11-sample fault: two NaN samples, then four missing steps
        Series series = new Series(step, 11, Set.of(3, 4, 5, 6, 7, 8), Set.of(3, 4));
        List<Incident> incidents = replay(series);

        assertOneEpisode(incidents);
        assertThat(incidents).extracting(Incident::summary).noneMatch(s -> s.startsWith("hot again"));
        assertThat(incidents).extracting(Incident::status)
                .containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
        assertThat(incidents.get(1).resolvedAt()).isAfter(series.faultEnd());
    }

    @ParameterizedTest(name = "at steps of {0}, a gap right after a fault does not resolve it")
    @ValueSource(strings = {"1min", "1h"})
    void aGapRightAfterAFaultDoesNotResolveIt(String stepText) throws Exception {
        Duration step = TimeUtils.parseDuration(stepText);
        // the 8 samples after a 10-sample fault are missing (the first two as NaN)
        Series series = new Series(step, 10, Set.of(10, 11, 12, 13, 14, 15, 16, 17), Set.of(10, 11));
        List<Incident> incidents = replay(series);

        assertOneEpisode(incidents);
        Instant dataBack = series.faultStart().plus(step.multipliedBy(18));
        assertThat(incidents.get(incidents.size() - 1).resolvedAt()).isAfterOrEqualTo(dataBack);
    }

    private static void assertOneEpisode(List<Incident> incidents) {
        assertThat(incidents).isNotEmpty();
        assertThat(incidents).extracting(Incident::id).containsOnly(incidents.get(0).id());
        assertThat(incidents.get(0).status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incidents.get(incidents.size() - 1).status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incidents.get(0).subjects()).containsExactly(PAIR);
    }

    private List<Incident> replay(Series series) throws Exception {
        Path file = tmp.resolve("shop_ledger.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            QueryRangeFiles.writeSingleSeries(out, Map.of("source_workload", "shop", "destination_workload",
                    "ledger"), series.samples());
        }
        Path out = tmp.resolve("out");
        RunOptions options = new RunOptions();
        options.queryRange.put("shop:ledger", file);
        options.out = out;
        options.quiet = true;
        options.parallelism = 1;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        env.execute("replay in steps of " + series.step());
        return LatencyScenariosITCase.read(out.resolve(OutputFiles.INCIDENTS));
    }

    /**
     * {@link #BEFORE} normal samples, {@code faultSamples} at three times the normal level, {@link #AFTER} normal ones;
     * {@code missing} counts from the fault's first sample: those steps are left out, or written as NaN if also in
     * {@code nan}.
     */
    record Series(Duration step, int faultSamples, Set<Integer> missing, Set<Integer> nan) {

        Series(Duration step, int faultSamples, Set<Integer> missing) {
            this(step, faultSamples, missing, Set.of());
        }

        Instant faultStart() {
            return START.plus(step.multipliedBy(BEFORE));
        }

        Instant faultEnd() {
            return faultStart().plus(step.multipliedBy(faultSamples - 1));
        }

        List<QueryRangeSample> samples() {
            Random noise = new Random(7);
            List<QueryRangeSample> samples = new ArrayList<>();
            for (int i = 0; i < BEFORE + faultSamples + AFTER; i++) {
                double value = NORMAL_MS * (1 + 0.02 * (2 * noise.nextDouble() - 1));
                int sinceFault = i - BEFORE;
                if (sinceFault >= 0 && sinceFault < faultSamples) {
                    value *= 3;
                }
                long t = START.plus(step.multipliedBy(i)).toEpochMilli();
                if (nan.contains(sinceFault)) {
                    samples.add(new QueryRangeSample(t, Double.NaN));
                } else if (!missing.contains(sinceFault)) {
                    samples.add(new QueryRangeSample(t, value));
                }
            }
            return samples;
        }
    }
}
