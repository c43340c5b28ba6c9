package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.SuspectKind;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentAlertsTest {

    static final AlertmanagerConfig CONFIG = new AlertmanagerConfig(true, null, null, null, null, null, null, null,
            null, Map.of("team", "sre", "env", "prod"),
            Map.of("dashboard", "https://grafana.example/d/incidents?var-group={group}&var-id={id}",
                    "runbook", "https://runbooks.example/{kind}/{severity}#{suspect}"), null, null, null, null, null);
    static final IncidentAlerts ALERTS = new IncidentAlerts(CONFIG);

    @Test
    void aLatencyIncidentIsLabelledByWhatIdentifiesIt() {
        assertThat(ALERTS.labels(Incidents.escalated())).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "alertname", "IncidentDetector", "severity", "critical", "incident_severity", "SEV1", "kind",
                "LATENCY", "group", "checkout-path", "suspect", "cartservice", "incident_id", Incidents.ID,
                "incident_role", "root", "team", "sre", "env", "prod")));
    }

    @Test
    void anErrorRateIncidentHasNoSuspectLabel() {
        assertThat(ALERTS.labels(Incidents.errorRate()))
                .containsEntry("kind", "ERROR_RATE")
                .containsEntry("group", "canary-5.0007.610.011")
                .doesNotContainKey("suspect");
    }

    @Test
    void annotationsExplainTheIncident() {
        Map<String, String> annotations = ALERTS.annotations(Incidents.escalated());
        assertThat(annotations).containsEntry("summary", "SEV1 latency incident on checkout-path, suspect cartservice")
                .containsEntry("subjects", "checkoutservice->paymentservice, frontend->cartservice")
                .containsEntry("temperature", "28.0")
                .containsEntry("opened_at", "2026-01-01T00:12:00Z")
                .containsEntry("updated_at", "2026-01-01T00:17:20Z")
                .containsEntry("suspect_reason", "cartservice is the callee of every hot pair")
                .doesNotContainKey("related");
        assertThat(annotations.get("description")).isEqualTo("""
                escalated SEV2 -> SEV1: checkoutservice->paymentservice also hot
                checkoutservice->paymentservice: latency 203.87 ms, band 4.10..5.32 ms, heat 8.0 (hot above 6.0)
                frontend->cartservice: latency 207.98 ms, band 8.22..10.49 ms, heat 20.0 (hot above 6.0)""");
    }

    @Test
    void errorRateEvidenceReadsAsCounts() {
        assertThat(ALERTS.annotations(Incidents.errorRate()).get("description")).endsWith(
                "\ncode 4: effect 2.15 (threshold 1.25), canary 245 vs baseline 105 errors, p=2.8e-08");
    }

    @Test
    void linksFillTheirPlaceholdersUrlEncoded() {
        Map<String, String> annotations = ALERTS.annotations(Incidents.open().withSuspect("db:05", SuspectKind.CALLEE, "r",
                java.util.List.of()));
        assertThat(annotations).containsEntry("dashboard",
                        "https://grafana.example/d/incidents?var-group=checkout-path&var-id=" + Incidents.ID)
                .containsEntry("runbook", "https://runbooks.example/LATENCY/SEV2#db%3A05");
    }

    @Test
    void anAcknowledgementFromTheControlTopicIsAnAnnotationNotALabel() {
        var acknowledged = Incidents.escalated().withControl(null, "bob at 2026-01-01T00:18:00Z");
        assertThat(ALERTS.annotations(acknowledged)).containsEntry("acknowledged", "bob at 2026-01-01T00:18:00Z");
        assertThat(ALERTS.annotations(Incidents.escalated())).doesNotContainKey("acknowledged");
        assertThat(ALERTS.labels(acknowledged)).isEqualTo(ALERTS.labels(Incidents.escalated()));
    }

    @Test
    void severityIsMappedAndTheSevNameKept() {
        AlertmanagerConfig custom = new AlertmanagerConfig(true, null, null, null, null, null, null, null, null, null,
                null, null, null, Map.of("SEV1", "page", "SEV2", "ticket"), null, null);
        assertThat(new IncidentAlerts(custom).labels(Incidents.open())).containsEntry("severity", "ticket")
                .containsEntry("incident_severity", "SEV2");
        assertThat(ALERTS.labels(Incidents.open())).containsEntry("severity", "warning");
    }

    @Test
    void anIncidentLinkedToARootBelowIsLabelledLinkedAndItsRootRoot() {
        Incident linked = Incidents.open().withSuspect("db-05", SuspectKind.CALLEE, "db-05 is below", List.of("latency-dst:db-05-1"));
        Incident root = Incidents.open().withSuspect("cartservice", SuspectKind.CALLEE, "own", List.of("latency-other-1"));
        assertThat(ALERTS.labels(linked)).containsEntry("incident_role", "linked").containsEntry("suspect", "db-05");
        assertThat(ALERTS.labels(root)).containsEntry("incident_role", "root");
        assertThat(ALERTS.labels(Incidents.errorRate())).containsEntry("incident_role", "root");
    }

    @Test
    void theRunbookIsTheSuspectsElseTheGroupsElseTheDefault() {
        AlertmanagerConfig config = new AlertmanagerConfig(true, null, null, null, null, null, null, null, null, null,
                null, null, null, null, Map.of("cartservice", "https://rb.example/cart", "checkout-path",
                "https://rb.example/checkout#{id}", "default", "https://rb.example/{kind}"), null);
        IncidentAlerts alerts = new IncidentAlerts(config);
        assertThat(alerts.annotations(Incidents.open())).containsEntry("runbook_url", "https://rb.example/cart");
        assertThat(alerts.annotations(Incidents.open().withSuspect("db-05", SuspectKind.CALLEE, "r", List.of())))
                .containsEntry("runbook_url", "https://rb.example/checkout#" + Incidents.ID);
        assertThat(alerts.annotations(Incidents.errorRate()))
                .containsEntry("runbook_url", "https://rb.example/ERROR_RATE");
        assertThat(ALERTS.annotations(Incidents.open())).doesNotContainKey("runbook_url");
    }

    @Test
    void theGeneratorUrlIsTheTemplateElseTheGrafanaDashboardElseNone() {
        AlertmanagerConfig template = new AlertmanagerConfig(true, null, null, null, null, null, null, null, null,
                null, null, "https://ui.example/incidents/{id}", "https://grafana.example", null, null, null);
        AlertmanagerConfig grafana = new AlertmanagerConfig(true, null, null, null, null, null, null, null, null,
                null, null, null, "https://grafana.example/", null, null, null);
        var labels = ALERTS.labels(Incidents.open());
        assertThat(new IncidentAlerts(template).generatorUrl(labels))
                .isEqualTo("https://ui.example/incidents/" + Incidents.ID);
        assertThat(new IncidentAlerts(grafana).generatorUrl(labels)).isEqualTo(
                "https://grafana.example/d/incident-detector?var-group=checkout-path&var-incident="
                        + Incidents.ID);
        assertThat(ALERTS.generatorUrl(labels)).isNull();
    }
}
