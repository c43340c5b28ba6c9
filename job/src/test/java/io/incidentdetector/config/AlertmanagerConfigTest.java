package io.incidentdetector.config;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.scenario.ScenarioCatalog;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertmanagerConfigTest {

    @Test
    void offByDefaultWithPrometheusLikeDefaults() {
        AlertmanagerConfig a = ConfigLoader.load(ConfigLoader.DEFAULT_CONFIG, ScenarioCatalog.allNames()).config()
                .alertmanager();
        assertThat(a.enabled()).isFalse();
        assertThat(a.urls()).containsExactly("http://127.0.0.1:9093");
        assertThat(a.resendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(a.endsAtLead()).isEqualTo(Duration.ofMinutes(4));
        assertThat(a.alertName()).isEqualTo("IncidentDetector");
    }

    @Test
    void theDocumentedExampleLoads() {
        JobConfig config = ConfigLoader.parse("""
                alertmanager:
                  enabled: true
                  urls: [http://alertmanager-0.monitoring:9093, https://am.example/proxy/]
                  resend-interval: 30s
                  max-attempts: 3
                  labels: {team: payments, env: prod}
                  links:
                    runbook: https://runbooks.example/incident-detector#{kind}
                    dashboard: https://grafana.example/d/incidents?var-group={group}&var-id={id}
                """, "inline");
        assertThat(config.problems(ConfigLocation.bundled("inline"), ScenarioCatalog.allNames())).isEmpty();
        assertThat(config.alertmanager().urls()).hasSize(2);
        assertThat(config.alertmanager().labels()).containsEntry("team", "payments");
        assertThat(config.alertmanager().resendInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void oneUrlNeedsNoList() {
        assertThat(ConfigLoader.parse("alertmanager: {urls: http://am:9093}\n", "inline").alertmanager().urls())
                .containsExactly("http://am:9093");
    }

    @Test
    void everyBadSettingIsNamedWithAFix() {
        JobConfig config = ConfigLoader.parse("""
                alertmanager:
                  urls: [ftp://am:21, "http://am:9093", "http://am:9093/"]
                  alert-name: " "
                  resend-interval: 100ms
                  timeout: 0s
                  max-attempts: 0
                  initial-backoff: 2s
                  max-backoff: 1s
                  max-pending: 0
                  labels: {severity: high, 1team: x, env: ""}
                  links: {summary: "http://x/{id}", runbook: "http://x/{pair}"}
                """, "inline");
        List<String> problems = config.problems(ConfigLocation.bundled("inline"), ScenarioCatalog.allNames());
        assertThat(problems).containsExactlyInAnyOrder(
                "alertmanager.urls[0] 'ftp://am:21' is not the http(s) address of an Alertmanager. Fix: use e.g."
                        + " http://alertmanager:9093 (the job posts to <url>/api/v2/alerts)",
                "alertmanager.urls[2] 'http://am:9093/' is listed twice; every alert would be sent to it twice. Fix:"
                        + " list it once",
                "alertmanager.alert-name is empty. Fix: use e.g. IncidentDetector",
                "alertmanager.resend-interval must be at least 1s (got PT0.1S). Fix: use 1min, as Prometheus does",
                "alertmanager.timeout must be a positive duration (got PT0S). Fix: use e.g. 10s",
                "alertmanager.max-attempts must be between 1 and 100 (got 0). Fix: use 5",
                "alertmanager.max-backoff (PT1S) must not be shorter than alertmanager.initial-backoff (PT2S). Fix:"
                        + " use e.g. 30s",
                "alertmanager.max-pending must be at least 1 (got 0). Fix: use 100",
                "alertmanager.labels.severity would replace a label the incident sets. Fix: use another name; the"
                        + " incident's labels are alertname, severity, incident_severity, kind, group, suspect,"
                        + " incident_id, incident_role",
                "alertmanager.labels.1team: '1team' is not a valid label name (letters, digits and _, not starting"
                        + " with a digit). Fix: rename it, e.g. _1team",
                "alertmanager.labels.env is empty; Alertmanager drops empty labels. Fix: give it a value, or remove it",
                "alertmanager.links.summary would replace an annotation the incident sets. Fix: use another name, e.g."
                        + " runbook or dashboard",
                "alertmanager.links.runbook uses {pair}, which is not a placeholder. Fix: use {id}, {group}, {kind},"
                        + " {severity}, {suspect}");
    }

    @Test
    void anUnknownKeyNamesTheValidOnes() {
        assertThatThrownBy(() -> ConfigLoader.parse("alertmanager: {url: http://am:9093}\n", "inline"))
                .hasMessageContaining("unknown key 'alertmanager.url'")
                .hasMessageContaining("urls");
    }

    @Test
    void theCommandLineFlagTurnsItOnWithItsUrls() {
        RunOptions options = new RunOptions();
        options.alertmanager = List.of("http://am-1:9093", "http://am-2:9093");
        AlertmanagerConfig a = RunPlans.from(options.toRequest()).config().alertmanager();
        assertThat(a.enabled()).isTrue();
        assertThat(a.urls()).containsExactly("http://am-1:9093", "http://am-2:9093");
        assertThat(RunPlans.from(new RunOptions().toRequest()).config().alertmanager().enabled()).isFalse();
    }

    @Test
    void aBadUrlOnTheCommandLineStopsTheRun() {
        RunOptions options = new RunOptions();
        options.alertmanager = List.of("am:9093");
        assertThatThrownBy(() -> RunPlans.from(options.toRequest()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alertmanager.urls[0] 'am:9093' is not the http(s) address");
    }

    @Test
    void badSeveritiesRunbooksAndGeneratorUrlsAreNamedWithAFix() {
        JobConfig config = ConfigLoader.parse("""
                alertmanager:
                  urls: ["http://detector:s3cret@am:9093"]
                  severities: {SEV1: critical, SEV3: info}
                  runbooks: {checkout-path: "", default: "https://rb.example/{pair}"}
                  generator-url: "https://ui.example/{incident}"
                  grafana-url: "grafana:3000"
                """, "inline");
        List<String> problems = config.problems(ConfigLocation.bundled("inline"), ScenarioCatalog.allNames());
        assertThat(problems).containsExactlyInAnyOrder(
                "alertmanager.severities.SEV3 is not a severity of an incident. Fix: map SEV1 and SEV2, e.g."
                        + " {SEV1: critical, SEV2: warning}",
                "alertmanager.severities has no SEV2. Fix: add it, e.g. SEV2: warning",
                "alertmanager.runbooks.checkout-path is empty. Fix: give a URL, e.g. https://runbooks.example/{kind}",
                "alertmanager.runbooks.default uses {pair}, which is not a placeholder. Fix: use {id}, {group},"
                        + " {kind}, {severity}, {suspect}",
                "alertmanager.generator-url uses {incident}, which is not a placeholder. Fix: use {id}, {group},"
                        + " {kind}, {severity}, {suspect}",
                "alertmanager.grafana-url 'grafana:3000' is not an http(s) address. Fix: use e.g."
                        + " https://grafana.example",
                "alertmanager.urls[0] 'http://***@am:9093' carries credentials, which would be written in the"
                        + " configuration. Fix: remove them from the URL and set alertmanager.http.username with"
                        + " alertmanager.http.password-file (or password: ${ENV})");
        assertThat(String.join("\n", problems)).doesNotContain("s3cret");
    }

    @Test
    void theDefaultsMapSeveritiesToCriticalAndWarningWithoutGeneratorUrl() {
        AlertmanagerConfig a = AlertmanagerConfig.defaults();
        assertThat(a.severities()).containsExactlyInAnyOrderEntriesOf(Map.of("SEV1", "critical", "SEV2", "warning"));
        assertThat(a.generatorTemplate()).isNull();
        assertThat(a.http()).isEqualTo(io.incidentdetector.connectors.http.HttpAccess.none());
    }
}
