package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.PrometheusSourceConfig;
import io.incidentdetector.connectors.http.HttpAccess;
import io.incidentdetector.connectors.prometheus.PrometheusApi;
import io.incidentdetector.testing.PrometheusServer;
import io.incidentdetector.testing.TestCertificates;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Prometheus client against a real Prometheus served with {@code --web.config.file}: TLS requiring a client
 * certificate, and basic auth. The right credentials get an answer; the start-up check turns a wrong password or an
 * untrusted server certificate into a configuration error naming {@code prometheus.http}.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SecuredPrometheusITCase {

    @TempDir
    Path dir;

    TestCertificates certificates;
    PrometheusServer prometheus;

    @BeforeEach
    void setUp() throws Exception {
        certificates = TestCertificates.in(Files.createDirectory(dir.resolve("certs")));
        prometheus = PrometheusServer.empty(dir).secured(certificates.webConfig(), true, certificates.access())
                .start();
    }

    @AfterEach
    void tearDown() throws Exception {
        prometheus.close();
    }

    @Test
    void aQueryGoesThroughBasicAuthAndAClientCertificate() throws Exception {
        PrometheusApi api = new PrometheusApi(prometheus.url(), Duration.ofSeconds(5), 1 << 20, certificates.access());
        assertThat(api.check("vector(1)").get(10, TimeUnit.SECONDS)).isEqualTo("vector");
        PrometheusStartupCheck.run(config(certificates.access(), "vector(1)"));
    }

    @Test
    void aWrongPasswordFailsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> PrometheusStartupCheck.run(config(certificates.access("wrong-password", "ca.pem"),
                "vector(1)")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prometheus.http")
                .hasMessageContaining("Prometheus refused the credentials (HTTP 401)")
                .hasMessageNotContaining("not-test-password");
    }

    @Test
    void anUntrustedServerCertificateFailsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> PrometheusStartupCheck.run(config(certificates.access("password", "other-ca.pem"),
                "vector(1)")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("prometheus.http")
                .hasMessageContaining("TLS handshake with Prometheus at " + prometheus.url() + "/ failed");
    }

    private PrometheusSourceConfig config(HttpAccess access, String query) {
        return new PrometheusSourceConfig(true, prometheus.url(), query, null, null, null, null, null, null,
                Duration.ofSeconds(5), null, null, null, access);
    }
}
