package io.incidentdetector.prometheus;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.plan.StartupChecks;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.testing.PrometheusServer;
import io.incidentdetector.testing.TestMiniCluster;
import io.incidentdetector.testing.WaitUntil;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The latency pipeline on a real Prometheus server whose history was backfilled with promtool: three pairs at
 * one-minute steps, heavy-tailed and quantised to 0.5 ms like real exports, three hours of history, then an hour
 * read through the source in which frontend->cartservice is four times slower from minute 2 to minute 20. With its
 * baseline fitted from the history the fault is an incident at once; learning online instead, the pair spends
 * its warm-up inside the fault and takes it for normal.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PrometheusSourceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(1, 2);

    private static final Map<String, Double> PAIRS = Map.of("frontend|cartservice", 8.0,
            "checkoutservice|paymentservice", 25.0, "frontend|productcatalogservice", 4.0);
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
    private static final String QUERY = "max by (source_workload, destination_workload) (pair_latency_ms)";

    @TempDir
    static Path dir;
    private static PrometheusServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PrometheusServer.withHistory(dir, openMetrics()).start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void withItsHistoryThePairSeesTheFaultAtOnce() throws Exception {
        Path out = run("3h", "with-history");
        List<Incident> incidents = read(out.resolve(OutputFiles.INCIDENTS), Incident.class);
        assertThat(incidents).isNotEmpty().allSatisfy(i -> {
            assertThat(i.kind()).isEqualTo(IncidentKind.LATENCY);
            assertThat(i.subjects()).containsExactly("frontend->cartservice");
            assertThat(i.id()).isEqualTo(incidents.get(0).id());
        });
        Incident first = incidents.get(0);
        assertThat(first.openedAt()).isBetween(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(6)));
        Incident last = incidents.get(incidents.size() - 1);
        assertThat(last.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(last.resolvedAt()).isAfter(T0.plus(Duration.ofMinutes(20)));
        // one window per pair and step, at the step's end, for the whole hour
        List<WindowVerdict> verdicts = read(out.resolve(OutputFiles.WINDOWS), WindowVerdict.class);
        assertThat(verdicts).hasSize(3 * 60);
        assertThat(verdicts).extracting(WindowVerdict::pair).containsOnly("frontend->cartservice",
                "checkoutservice->paymentservice", "frontend->productcatalogservice");
        assertThat(verdicts).allSatisfy(v -> assertThat(v.time().getEpochSecond() % 60).isZero());
    }

    @Test
    void learningOnlineInsteadThePairTakesTheFaultForNormal() throws Exception {
        Path out = run("0s", "without-history");
        List<Incident> incidents = read(out.resolve(OutputFiles.INCIDENTS), Incident.class);
        assertThat(incidents).noneMatch(i -> i.openedAt().isBefore(T0.plus(Duration.ofMinutes(20))));
    }

    /**
     * Unbounded, as in production: the source catches up from T0 to now in a few range queries, then passes the
     * hours without data as gaps once they are {@code max-delay} old. Each step's watermark must reach the judge
     * while the job runs, or no incident is written before it is cancelled.
     */
    @Test
    void runningOnItCatchesUpAndEveryStepIsJudgedAsItsWatermarkPasses() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Path out = define(env, "3h", null, "running");
        JobClient job = env.executeAsync("running");
        try {
            List<Incident> incidents = WaitUntil.until("a resolved incident while the job runs", Duration.ofSeconds(90),
                    () -> Files.exists(out.resolve(OutputFiles.INCIDENTS))
                            ? read(out.resolve(OutputFiles.INCIDENTS), Incident.class) : List.<Incident>of(),
                    list -> list.stream().anyMatch(i -> i.status() == IncidentStatus.RESOLVED));
            assertThat(incidents).extracting(Incident::subjects).containsOnly(List.of("frontend->cartservice"));
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    private static Path run(String history, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Path out = define(env, history, T0.plus(Duration.ofMinutes(60)), name);
        env.execute(name);
        return out;
    }

    private static Path define(StreamExecutionEnvironment env, String history, Instant until, String name)
            throws Exception {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, """
                job:
                  checkpoint-interval: 1s
                prometheus:
                  query: '%s'
                  step: 1min
                  history: %s
                  start: %s
                  until: %s
                latency:
                  pairs: []
                  groups: []
                """.formatted(QUERY, history, T0.plus(Duration.ofMinutes(1)), until == null ? "" : until));
        RunOptions options = new RunOptions();
        options.config = config.toString();
        options.prometheus = server.url();
        options.out = dir.resolve(name);
        options.quiet = true;
        options.parallelism = 2;
        RunPlan plan = RunPlans.from(options.toRequest());
        StartupChecks.run(plan);
        JobAssembly.define(env, plan);
        return options.out;
    }

    /** Every pair from 3 h before T0 to 1 h after, one sample a minute; the fault from T0+2min to T0+20min. */
    private static String openMetrics() {
        StringBuilder text = new StringBuilder("# HELP pair_latency_ms p50 latency\n# TYPE pair_latency_ms gauge\n");
        Random random = new Random(11);
        for (Map.Entry<String, Double> pair : new java.util.TreeMap<>(PAIRS).entrySet()) {
            String[] names = pair.getKey().split("\\|");
            for (long minute = -180; minute <= 60; minute++) {
                double value = pair.getValue() * Math.exp(0.12 * random.nextGaussian());
                if (random.nextDouble() < 0.02) {
                    value *= 1.8; // a heavy tail: single slow minutes are normal
                }
                if (names[1].equals("cartservice") && minute >= 2 && minute < 20) {
                    value *= 4;
                }
                value = Math.max(0.5, Math.round(value * 2) / 2.0); // histogram-bucket quantisation
                text.append("pair_latency_ms{source_workload=\"").append(names[0])
                        .append("\",destination_workload=\"").append(names[1]).append("\"} ").append(value).append(' ')
                        .append(T0.getEpochSecond() + minute * 60).append('\n');
            }
        }
        return text.append("# EOF\n").toString();
    }

    private static <T> List<T> read(Path file, Class<T> type) throws Exception {
        assertThat(file).exists();
        List<T> records = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            records.add(JsonCodec.mapper().readValue(line, type));
        }
        return records;
    }
}
