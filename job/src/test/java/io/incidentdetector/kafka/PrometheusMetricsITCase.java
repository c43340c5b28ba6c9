package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.metrics.RecordingRules;
import io.incidentdetector.testing.RequiredBinary;
import io.incidentdetector.testing.TestMiniCluster;
import io.incidentdetector.testing.WaitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server (Debian's package, on loopback) scrapes the job's Prometheus reporter while the job runs
 * the demo from Kafka, with the recording rules shipped in docker/prometheus. Its HTTP API must return the per-pair
 * series and the seed's lab7_* series with plausible values. Skipped, saying so, where Prometheus is not installed
 * (.ci/run installs it).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PrometheusMetricsITCase {

    static final int REPORTER_PORT = RequiredBinary.freePort();
    static final Path RULES = Path.of("..").toAbsolutePath().normalize()
            .resolve("docker/prometheus/incident-detector-rules.yml");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1, reporter());

    static Configuration reporter() {
        Configuration conf = new Configuration();
        conf.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        // a range: if another process took the first port after freePort() released it, the next one serves
        conf.setString("metrics.reporter.prom.port", REPORTER_PORT + "-" + (REPORTER_PORT + 4));
        return conf;
    }

    @Test
    void prometheusRecordsThePairSeriesAndTheSeedsNames(@TempDir Path dir) throws Exception {
        String prometheus = RequiredBinary.find("prometheus", "prometheus");
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("prom-", false);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "prom", false, topics, Map.of(), Map.of()));
        KafkaJobRuns.produceScenario(BROKER, loaded);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        KafkaJobRuns.define(env, KafkaJobRuns.plan(loaded, BROKER));
        JobClient job = env.executeAsync("metrics");
        Process server = null;
        try {
            assertThat(BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(90), r -> r.size() >= 5)).hasSize(5);

            int webPort = RequiredBinary.freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    rule_files: ["%s"]
                    scrape_configs:
                      - job_name: flink
                        static_configs: [{targets: [%s]}]
                    """.formatted(RULES, java.util.stream.IntStream.rangeClosed(REPORTER_PORT, REPORTER_PORT + 4)
                            .mapToObj(p -> "\"127.0.0.1:" + p + "\"").collect(java.util.stream.Collectors.joining(", "))));
            server = new ProcessBuilder(prometheus, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + webPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();

            Map<String, Double> y = awaitSeries(webPort, "flink_taskmanager_job_task_operator_pair_y", 5);
            assertThat(y).containsOnlyKeys(RecordingRules.pairs(loaded.config()).stream()
                    .map(RecordingRules::labelValue).toArray(String[]::new));
            // the demo ends fault-free: every pair's p50 latency is a few milliseconds, inside its band
            assertThat(y.values()).allSatisfy(v -> assertThat(v).isBetween(0.5, 50.0));
            Map<String, Double> yMin = awaitSeries(webPort, "flink_taskmanager_job_task_operator_pair_y_min", 5);
            Map<String, Double> yMax = awaitSeries(webPort, "flink_taskmanager_job_task_operator_pair_y_max", 5);
            yMin.forEach((pair, min) -> assertThat(min).isLessThan(yMax.get(pair)));

            Map<String, Double> lab7 = awaitSeries(webPort, "lab7_frontend_to_cartservice_y", 1);
            assertThat(lab7.values().iterator().next()).isEqualTo(y.get("frontend__cartservice"));
            for (String metric : RecordingRules.SEED_METRICS) {
                awaitSeries(webPort, "lab7_checkoutservice_to_paymentservice_" + metric, 1);
            }
            assertThat(awaitSeries(webPort, "lab7_incident_temperature", 1).values().iterator().next())
                    .isGreaterThanOrEqualTo(0.0);
            // the counters: every group's episodes, those the correlation kept silent (the callee groups of the demo
            // pairs, the same heat as checkout-path's) included; the demo ends fault-free, so all of them resolved
            double absorbed = awaitSeries(webPort, "sum(flink_taskmanager_job_task_operator_incidents_absorbed)", 1)
                    .values().iterator().next();
            double opened = awaitSeries(webPort, "sum(flink_taskmanager_job_task_operator_incidents_opened)", 1)
                    .values().iterator().next();
            assertThat(absorbed).isPositive();
            assertThat(opened).isGreaterThanOrEqualTo(2.0 + absorbed);
            assertThat(awaitSeries(webPort, "sum(flink_taskmanager_job_task_operator_incidents_resolved)", 1)
                    .values().iterator().next()).isEqualTo(opened);
            assertThat(awaitSeries(webPort, "flink_taskmanager_job_task_operator_code_bin_value", 6)).hasSize(6);
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            job.cancel().get();
        }
    }

    /** Polls the HTTP API until the query returns {@code count} series; returns them by pair (or "" if unlabelled). */
    static Map<String, Double> awaitSeries(int port, String query, int count) {
        return WaitUntil.until(count + " series for " + query, Duration.ofSeconds(60), () -> {
            Map<String, Double> series = new HashMap<>();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (JsonNode result : JsonCodec.mapper().readTree(response.body()).path("data").path("result")) {
                String pair = result.path("metric").path("pair").asText(result.path("metric").path("code").asText(""));
                series.put(pair, Double.parseDouble(result.get("value").get(1).asText()));
            }
            return Map.copyOf(series);
        }, series -> series.size() >= count);
    }

}
