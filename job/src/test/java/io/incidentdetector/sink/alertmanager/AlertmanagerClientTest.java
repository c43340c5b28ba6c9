package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.connectors.http.HttpAccess;

import com.sun.net.httpserver.HttpServer;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the client reads of Alertmanager's answer: its status, and at most its first 4 KB. */
class AlertmanagerClientTest {

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/huge/api/v2/alerts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(502, 0); // chunked: as long as the client reads
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] line = "<p>proxy error, and more of the same page</p>\n".getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(line);
                }
            } catch (IOException closedByTheClient) {
                // expected: the client stops reading after its first bytes
            }
        });
        server.createContext("/ok/api/v2/alerts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI endpoint(String prefix) {
        return AlertmanagerClient.endpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/" + prefix);
    }

    @Test
    void anEndlessAnswerIsCutAfterItsFirstBytesCountedAndStillFailsTheDelivery() throws Exception {
        SimpleCounter cut = new SimpleCounter();
        AlertmanagerClient client = new AlertmanagerClient(Duration.ofSeconds(10), cut, HttpAccess.none());
        PostResult result = client.post(endpoint("huge"), "[]".getBytes(StandardCharsets.UTF_8))
                .get(30, TimeUnit.SECONDS);
        assertThat(result.outcome()).isEqualTo(PostResult.Outcome.FAILED);
        assertThat(result.detail()).startsWith("HTTP 502 <p>proxy error").hasSizeLessThan(220);
        assertThat(cut.getCount()).isEqualTo(1);

        assertThat(client.post(endpoint("ok"), "[]".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS)
                .outcome()).isEqualTo(PostResult.Outcome.ACCEPTED);
        assertThat(cut.getCount()).isEqualTo(1);
    }
}
