package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.connectors.http.HttpAccess;
import io.incidentdetector.testing.TestCertificates;
import io.incidentdetector.testing.WaitUntil;

import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sink's client against a real Alertmanager served with {@code --web.config.file}: TLS requiring a client
 * certificate, and basic auth. The right credentials deliver; a wrong password and an untrusted server certificate
 * fail saying which setting to check, without the password.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SecuredAlertmanagerITCase {

    @TempDir
    Path dir;

    TestCertificates certificates;
    AlertmanagerServer alertmanager;

    @BeforeEach
    void setUp() throws Exception {
        Path certs = Files.createDirectory(dir.resolve("certs"));
        certificates = TestCertificates.in(certs);
        alertmanager = AlertmanagerServer.in(dir).secured(certificates.webConfig(), true, certificates.access())
                .start();
    }

    @AfterEach
    void tearDown() throws Exception {
        alertmanager.close();
    }

    @Test
    void anAlertGoesThroughBasicAuthAndAClientCertificate() throws Exception {
        AlertmanagerConfig config = new AlertmanagerConfig(true, List.of(alertmanager.url()), null, null,
                Duration.ofSeconds(5), null, null, null, null, null, null, null, null, null, null,
                certificates.access());
        try (AlertmanagerITCase.TestThread thread = new AlertmanagerITCase.TestThread()) {
            thread.call(() -> {
                AlertNotifier notifier = new AlertNotifier(config, List.of(), new AlertmanagerClient(config.timeout(),
                        new SimpleCounter(), config.http()), thread,
                        new DeliveryMetrics(new UnregisteredMetricsGroup(), thread::now));
                notifier.accept(Incidents.open());
                return notifier;
            });
            assertThat(WaitUntil.until("the alert over TLS", AlertmanagerITCase.WAIT,
                    () -> alertmanager.alertsOf(Incidents.ID), alerts -> !alerts.isEmpty()))
                    .singleElement().satisfies(alert -> assertThat(alert.path("labels").path("severity").asText())
                            .isEqualTo("warning"));
        }
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheSettingNotThePassword() throws Exception {
        PostResult result = post(certificates.access("wrong-password", "ca.pem"));
        assertThat(result.outcome()).isEqualTo(PostResult.Outcome.REFUSED);
        assertThat(result.detail()).startsWith("HTTP 401").endsWith(
                "(the credentials were refused: check alertmanager.http)").doesNotContain("not-test-password");
    }

    @Test
    void anUntrustedServerCertificateFailsTheHandshakeNamingTheTlsSettings() throws Exception {
        PostResult result = post(certificates.access("password", "other-ca.pem"));
        assertThat(result.outcome()).isEqualTo(PostResult.Outcome.FAILED);
        assertThat(result.detail()).contains("SSLHandshakeException")
                .endsWith("(TLS: check alertmanager.http.ca-file, cert-file and key-file)");
    }

    private PostResult post(HttpAccess access) throws Exception {
        return new AlertmanagerClient(Duration.ofSeconds(5), new SimpleCounter(), access)
                .post(AlertmanagerClient.endpoint(alertmanager.url()), "[]".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
    }
}
