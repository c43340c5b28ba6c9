package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.correlation.SuspectSelection;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.testing.TestMiniCluster;
import io.incidentdetector.testing.WaitUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mesh} scenario's cascade (one root on db-05, nine incidents linked to it) sent to a real Alertmanager
 * configured with the shipped docker/alertmanager/alertmanager.yml, its receivers pointed at a webhook the test
 * serves: one notification pages, for the root; the linked alerts are held but inhibited. The records come from the
 * job's own run of the scenario and are sent as a live run sends them (their times moved ahead, so they are now).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MeshPagesOnceITCase {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** The shipped route's group_wait, shortened for the test; what it covers happens within milliseconds here. */
    static final String GROUP_WAIT = "3s";

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(1, 2);

    @TempDir
    Path dir;

    @Test
    void theMeshCascadePagesOnceForItsRoot() throws Exception {
        List<Incident> records = meshIncidents();
        String root = records.stream().filter(i -> !SuspectSelection.linksToRootBelow(i) && !i.related().isEmpty())
                .map(Incident::id).findFirst().orElseThrow();
        assertThat(records.stream().map(Incident::id).distinct()).hasSize(10);
        Instant cascadeOpen = records.stream().filter(i -> i.id().equals(root)).findFirst().orElseThrow().openedAt()
                .plus(Duration.ofMinutes(2));

        try (WebhookReceiver webhook = new WebhookReceiver();
                AlertmanagerServer alertmanager = AlertmanagerServer.in(dir);
                AlertmanagerITCase.TestThread thread = new AlertmanagerITCase.TestThread()) {
            String shipped = Files.readString(Path.of("..").toAbsolutePath().normalize()
                    .resolve("docker/alertmanager/alertmanager.yml"));
            alertmanager.configuration(shipped.replace("group_wait: 30s", "group_wait: " + GROUP_WAIT)
                    .replaceAll("url: https://[^\\s]+", "url: " + webhook.url())).start();
            AlertmanagerConfig config = new AlertmanagerConfig(true, List.of(alertmanager.url()), null,
                    Duration.ofSeconds(5), Duration.ofSeconds(2), 3, null, null, null, null, null, null, null, null,
                    null, null);
            AlertNotifier notifier = thread.call(() -> {
                AlertNotifier n = new AlertNotifier(config, List.of(), new AlertmanagerClient(config.timeout(),
                        new SimpleCounter(), config.http()), thread,
                        new DeliveryMetrics(new UnregisteredMetricsGroup(), thread::now));
                n.start();
                return n;
            });

            // the cascade: every incident opens within two minutes of event time, the root among them
            send(thread, notifier, records.stream().filter(i -> !eventTime(i).isAfter(cascadeOpen)).toList());
            List<JsonNode> held = WaitUntil.until("all ten alerts held", WAIT, alertmanager::alerts,
                    alerts -> alerts.stream().map(a -> a.path("labels").path("incident_id").asText()).distinct()
                            .count() == 10);
            assertThat(held).filteredOn(a -> a.path("labels").path("incident_role").asText().equals("linked"))
                    .hasSize(9)
                    .allSatisfy(a -> assertThat(a.path("status").path("state").asText()).isEqualTo("suppressed"));
            WaitUntil.until("the root's page", WAIT, webhook::firing, pages -> !pages.isEmpty());
            // a group opened after every incident's alert flushes after any of theirs would have (same group_wait)
            postSentinel(alertmanager.url());
            WaitUntil.until("the sentinel's notification", WAIT, webhook::firing,
                    pages -> pages.stream().anyMatch(MeshPagesOnceITCase::isSentinel));

            assertThat(incidentPages(webhook)).singleElement().satisfies(page -> assertThat(page.path("alerts"))
                    .allSatisfy(alert -> {
                        assertThat(alert.path("labels").path("incident_id").asText()).isEqualTo(root);
                        assertThat(alert.path("labels").path("incident_role").asText()).isEqualTo("root");
                        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
                    }));

            send(thread, notifier, records.stream().filter(i -> eventTime(i).isAfter(cascadeOpen)).toList());
            WaitUntil.until("every alert resolved", WAIT, alertmanager::alerts, List::isEmpty);
            assertThat(incidentPages(webhook)).hasSize(1);
        }
    }

    private static final String SENTINEL = "MeshPagesOnceSentinel";

    /** An alert of its own group that resolves by itself a few seconds after its notification is due. */
    private static void postSentinel(String alertmanagerUrl) throws IOException, InterruptedException {
        String body = "[{\"labels\":{\"alertname\":\"" + SENTINEL + "\",\"group\":\"sentinel\"},\"endsAt\":\""
                + Instant.now().plus(Duration.parse("PT" + GROUP_WAIT).multipliedBy(3)) + "\"}]";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(alertmanagerUrl + "/api/v2/alerts")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static boolean isSentinel(JsonNode page) {
        return SENTINEL.equals(page.path("groupLabels").path("alertname").asText());
    }

    /** The firing notifications about incidents (the sentinel's left out). */
    private static List<JsonNode> incidentPages(WebhookReceiver webhook) {
        return webhook.firing().stream().filter(page -> !isSentinel(page)).toList();
    }

    /** The scenario's incident records, run by the job, in event-time order, moved a year ahead (so: now). */
    private List<Incident> meshIncidents() throws Exception {
        RunOptions options = new RunOptions();
        options.scenario = "mesh";
        options.out = dir.resolve("out");
        options.quiet = true;
        AlertmanagerITCase.run(options);
        List<Incident> records = new ArrayList<>();
        for (String line : Files.readAllLines(options.out.resolve(OutputFiles.INCIDENTS))) {
            ObjectNode record = (ObjectNode) JsonCodec.mapper().readTree(line);
            for (String field : List.of("openedAt", "updatedAt", "resolvedAt")) {
                if (record.hasNonNull(field)) {
                    record.put(field, Instant.parse(record.get(field).asText()).plus(Duration.ofDays(366)).toString());
                }
            }
            records.add(JsonCodec.mapper().treeToValue(record, Incident.class));
        }
        records.sort(Comparator.comparing(MeshPagesOnceITCase::eventTime)); // stable: keeps each incident's order
        return records;
    }

    private static Instant eventTime(Incident incident) {
        return incident.updatedAt() != null ? incident.updatedAt() : incident.openedAt();
    }

    private static void send(AlertmanagerITCase.TestThread thread, AlertNotifier notifier, List<Incident> records)
            throws Exception {
        thread.call(() -> {
            records.forEach(notifier::accept);
            return null;
        });
    }
}
