package io.incidentdetector.testing;

import io.incidentdetector.connectors.http.HttpAccess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a free loopback port, its history backfilled
 * from OpenMetrics text with {@code promtool tsdb create-blocks-from openmetrics}, or scraping a target live. Without
 * the binaries, a test fails when {@code CI=true} ({@code .ci/run} installs them) and is skipped otherwise.
 */
public final class PrometheusServer implements AutoCloseable {

    private final Path dir;
    private final String binary;
    private final int port;
    private Process process;
    private Path webConfig;
    private boolean tls;
    private HttpAccess access = HttpAccess.none();

    private PrometheusServer(Path dir, String binary) {
        this.dir = dir;
        this.binary = binary;
        this.port = RequiredBinary.freePort();
    }

    /** A server over the history in {@code openMetrics} (ending in {@code # EOF}); not started yet. */
    public static PrometheusServer withHistory(Path dir, String openMetrics) throws Exception {
        String prometheus = RequiredBinary.find("prometheus", "prometheus");
        String promtool = RequiredBinary.find("prometheus", "promtool");
        Path input = dir.resolve("history.om");
        Files.writeString(input, openMetrics);
        Path data = dir.resolve("data");
        Process backfill = new ProcessBuilder(promtool, "tsdb", "create-blocks-from", "openmetrics", input.toString(),
                data.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("promtool.log").toFile()).start();
        if (!backfill.waitFor(120, TimeUnit.SECONDS) || backfill.exitValue() != 0) {
            throw new IllegalStateException("promtool failed: " + Files.readString(dir.resolve("promtool.log")));
        }
        Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 15s}\n");
        return new PrometheusServer(dir, prometheus);
    }

    /** A server with no history that scrapes {@code target} ({@code host:port}) every second; not started yet. */
    public static PrometheusServer scraping(Path dir, String target) throws Exception {
        String prometheus = RequiredBinary.find("prometheus", "prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: {scrape_interval: 1s}
                scrape_configs:
                  - job_name: target
                    static_configs: [{targets: ["%s"]}]
                """.formatted(target));
        return new PrometheusServer(dir, prometheus);
    }

    /** A server with no data and no target, for its API alone; not started yet. */
    public static PrometheusServer empty(Path dir) throws Exception {
        String prometheus = RequiredBinary.find("prometheus", "prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 15s}\n");
        return new PrometheusServer(dir, prometheus);
    }

    /**
     * Serves its API as {@code webConfig} says ({@code --web.config.file}: basic auth, TLS), asked by the test with
     * {@code testAccess}.
     */
    public PrometheusServer secured(Path newWebConfig, boolean withTls, HttpAccess testAccess) {
        this.webConfig = newWebConfig;
        this.tls = withTls;
        this.access = testAccess;
        return this;
    }

    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    /** Starts (or starts again) the server on the same port and data; returns once it answers ready. */
    public PrometheusServer start() throws Exception {
        List<String> command = new ArrayList<>(List.of(binary, "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--storage.tsdb.retention.time=3650d",
                "--web.listen-address=127.0.0.1:" + port));
        if (webConfig != null) {
            command.add("--web.config.file=" + webConfig);
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("prometheus.log").toFile())).start();
        HttpClient http = access.client().build();
        WaitUntil.until("Prometheus ready on " + port, Duration.ofSeconds(60), () -> {
            try {
                return http.send(access.authorize(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                return 0;
            }
        }, status -> status == 200);
        return this;
    }

    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

}
