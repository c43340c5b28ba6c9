package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.connectors.http.HttpAccess;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.testing.RequiredBinary;
import io.incidentdetector.testing.WaitUntil;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) on a free loopback port, routing every alert to a
 * receiver with no integrations, without a cluster port. It keeps alerts in memory only: stopped and started again on
 * the same port and storage, it has lost them until its clients send them again.
 */
public final class AlertmanagerServer implements AutoCloseable {

    private final String binary;
    private final Path dir;
    private final int port;
    private Process process;
    private Path webConfig;
    private boolean tls;
    private HttpAccess access = HttpAccess.none();
    private HttpClient http = HttpClient.newHttpClient();

    private AlertmanagerServer(String binary, Path dir) throws IOException {
        this.binary = binary;
        this.dir = dir;
        this.port = RequiredBinary.freePort();
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: nowhere
                receivers:
                  - name: nowhere
                """);
    }

    /** Not started yet. Fails when the binary is missing and CI=true; skips the test, saying why, otherwise. */
    public static AlertmanagerServer in(Path dir) throws IOException {
        return new AlertmanagerServer(RequiredBinary.find("prometheus-alertmanager", "prometheus-alertmanager",
                "alertmanager"), dir);
    }

    /** Replaces the routing configuration (before {@link #start}). */
    public AlertmanagerServer configuration(String yaml) throws IOException {
        Files.writeString(dir.resolve("alertmanager.yml"), yaml);
        return this;
    }

    /**
     * Serves its API as {@code webConfig} says ({@code --web.config.file}: basic auth, TLS), read by the test with
     * {@code access}.
     */
    public AlertmanagerServer secured(Path newWebConfig, boolean withTls, HttpAccess testAccess) {
        this.webConfig = newWebConfig;
        this.tls = withTls;
        this.access = testAccess;
        this.http = testAccess.client().build();
        return this;
    }

    public String url() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port;
    }

    public AlertmanagerServer start() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary, "--config.file=" + dir.resolve("alertmanager.yml"),
                "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address="));
        if (webConfig != null) {
            command.add("--web.config.file=" + webConfig);
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
                .start();
        WaitUntil.until("Alertmanager ready on " + url(), Duration.ofSeconds(30),
                () -> ready(), status -> status == 200);
        return this;
    }

    private int ready() throws InterruptedException {
        try {
            return get("/-/ready").statusCode();
        } catch (IOException e) {
            return 0; // not listening yet
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** Every active alert it holds (resolved ones are never listed). */
    List<JsonNode> alerts() throws IOException, InterruptedException {
        return alerts("");
    }

    /** The active alerts of one incident. */
    public List<JsonNode> alertsOf(String incidentId) throws IOException, InterruptedException {
        return alerts("?filter=" + URLEncoder.encode("incident_id=\"" + incidentId + "\"", StandardCharsets.UTF_8));
    }

    /** Alerts it has received so far, {@code firing} or {@code resolved}, read from its own metrics. */
    public double received(String status) throws IOException, InterruptedException {
        String prefix = "alertmanager_alerts_received_total{status=\"" + status + "\",version=\"v2\"} ";
        return get("/metrics").body().lines().filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).sum();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private List<JsonNode> alerts(String query) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v2/alerts" + query);
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/v2/alerts: HTTP " + response.statusCode() + " " + response.body());
        }
        List<JsonNode> alerts = new ArrayList<>();
        JsonCodec.mapper().readTree(response.body()).forEach(alerts::add);
        return alerts;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(access.authorize(HttpRequest.newBuilder(URI.create(url() + path)))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
