package io.incidentdetector.prometheus;

import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.testing.LauncherProcess;
import io.incidentdetector.testing.PrometheusServer;
import io.incidentdetector.testing.WaitUntil;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live Prometheus run keeps its state across a kill: a real Prometheus server scrapes a stand-in exporter every
 * second, and the launcher ({@code java -jar ... --prometheus URL}, its own process) reads it a step a second and
 * writes JSON-lines files. frontend->cartservice turns four times slower; once the incident is open, the launcher is
 * killed with SIGKILL, the pair recovers while it is down, and the same command starts it again. It resumes from its
 * checkpoint, reads the steps it missed, and resolves that same incident; every file holds each line once (what was
 * written after the checkpoint is cut off and written again) and no step is missing across the kill.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PrometheusResumeITCase {

    private static final String SLOW = "frontend->cartservice";

    @Test
    void aKilledLiveRunResumesItsIncidentAndWritesEveryLineOnce(@TempDir Path dir) throws Exception {
        AtomicBoolean slow = new AtomicBoolean(false);
        HttpServer exporter = exporter(slow);
        Files.createDirectories(dir.resolve("prometheus"));
        try (PrometheusServer prometheus = PrometheusServer.scraping(dir.resolve("prometheus"),
                "127.0.0.1:" + exporter.getAddress().getPort()).start()) {
            WaitUntil.until("both pairs scraped", Duration.ofSeconds(30), () -> seriesCount(prometheus.url()),
                    count -> count == 2);
            Path out = dir.resolve("out");
            Map<String, String> environment = Map.of("XDG_STATE_HOME", dir.resolve("state-home").toString());
            String[] command = {"--prometheus", prometheus.url(), "--config", config(dir).toString(), "--out",
                    out.toString(), "--quiet"};

            String id;
            try (LauncherProcess first = LauncherProcess.start(dir.resolve("first.log"), environment, command)) {
                first.awaitConsole("state: started fresh", Duration.ofSeconds(60));
                WaitUntil.until("the pair warmed up", Duration.ofSeconds(60),
                        () -> verdicts(out).stream().filter(v -> v.pair().equals(SLOW)).count(), n -> n >= 8);
                slow.set(true);
                id = WaitUntil.until("the incident open", Duration.ofSeconds(90), () -> incidents(out), list -> list
                        .stream().anyMatch(i -> i.status() == IncidentStatus.OPEN)).stream()
                        .filter(i -> i.status() == IncidentStatus.OPEN).findFirst().orElseThrow().id();
                first.kill();
            }
            slow.set(false);
            try (LauncherProcess second = LauncherProcess.start(dir.resolve("second.log"), environment, command)) {
                Duration resumed = second.awaitConsole("state: resumed from checkpoint", Duration.ofSeconds(60));
                WaitUntil.until("the same incident resolved", Duration.ofSeconds(120), () -> incidents(out),
                        list -> list.stream().anyMatch(i -> i.id().equals(id) && i.status() == IncidentStatus.RESOLVED));
                System.out.printf("Prometheus kill -9 test: resumed line %.1f s after the second start, incident"
                        + " resolved %.1f s after it%n", resumed.toMillis() / 1000.0,
                        second.elapsed().toMillis() / 1000.0);
                second.stop();
            }
            List<String> incidentLines = Files.readAllLines(out.resolve(OutputFiles.INCIDENTS));
            assertThat(incidentLines).doesNotHaveDuplicates();
            assertThat(incidents(out)).filteredOn(i -> i.id().equals(id)).extracting(Incident::status)
                    .containsOnlyOnce(IncidentStatus.OPEN, IncidentStatus.RESOLVED)
                    .startsWith(IncidentStatus.OPEN).endsWith(IncidentStatus.RESOLVED);
            List<WindowVerdict> verdicts = verdicts(out);
            Set<String> seen = new HashSet<>();
            assertThat(verdicts).allSatisfy(v -> assertThat(seen.add(v.pair() + "@" + v.time()))
                    .as("one verdict per pair and step: " + v.pair() + " at " + v.time()).isTrue());
            TreeMap<String, List<Instant>> steps = new TreeMap<>();
            verdicts.forEach(v -> steps.computeIfAbsent(v.pair(), p -> new ArrayList<>()).add(v.time()));
            steps.forEach((pair, times) -> {
                List<Instant> sorted = times.stream().sorted().toList();
                long seconds = Duration.between(sorted.get(0), sorted.get(sorted.size() - 1)).toSeconds();
                assertThat(sorted).as(pair + ": every step from the first to the last, across the kill")
                        .hasSize((int) seconds + 1);
            });
        } finally {
            exporter.stop(0);
        }
    }

    /** frontend->cartservice at 8 ms (32 ms while {@code slow}), checkoutservice->paymentservice at 25 ms. */
    private static HttpServer exporter(AtomicBoolean slow) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = ("# TYPE pair_latency_ms gauge\n"
                    + "pair_latency_ms{source_workload=\"frontend\",destination_workload=\"cartservice\"} "
                    + (slow.get() ? 32.0 : 8.0) + "\n"
                    + "pair_latency_ms{source_workload=\"checkoutservice\",destination_workload=\"paymentservice\"}"
                    + " 25.0\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        });
        server.start();
        return server;
    }

    /** A step a second, read 2 s after it ends; baselines learnt online in 5 windows; heat in units of 1 s. */
    private static Path config(Path dir) throws IOException {
        return Files.writeString(dir.resolve("live.yaml"), """
                job:
                  parallelism: 1
                  checkpoint-interval: 1s
                prometheus:
                  query: 'max by (source_workload, destination_workload) (pair_latency_ms)'
                  step: 1s
                  lag: 2s
                  history: 0s
                  max-delay: 20s
                latency:
                  pairs: []
                  groups: []
                  model: {warmup: 0s, warmup-windows: 5}
                  accumulator: {unit: 1s}
                  incidents: {open-after: 2s, resolve-after: 3s}
                """);
    }

    private static int seriesCount(String url) throws Exception {
        String query = URLEncoder.encode("max by (source_workload, destination_workload) (pair_latency_ms)",
                StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "/api/v1/query?query=" + query)).build(), HttpResponse.BodyHandlers.ofString());
        return JsonCodec.mapper().readTree(response.body()).path("data").path("result").size();
    }

    private static List<Incident> incidents(Path out) throws IOException {
        return read(out.resolve(OutputFiles.INCIDENTS), Incident.class);
    }

    private static List<WindowVerdict> verdicts(Path out) throws IOException {
        return read(out.resolve(OutputFiles.WINDOWS), WindowVerdict.class);
    }

    /** Every complete line of a file the job may be writing. */
    private static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        String text = Files.readString(file);
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isEmpty()) {
                records.add(JsonCodec.mapper().readValue(line, type));
            }
        }
        return records;
    }
}
