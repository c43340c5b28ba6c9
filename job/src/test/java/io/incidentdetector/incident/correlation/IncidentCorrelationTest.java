package io.incidentdetector.incident.correlation;

import io.incidentdetector.event.PairPresence;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.incident.SuspectKind;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentCorrelationTest {

    private static final Instant T = Instant.parse("2026-01-01T00:20:00Z");

    private static KeyedTwoInputStreamOperatorTestHarness<String, Incident, PairPresence, Incident> harness()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new IncidentCorrelation()),
                i -> IncidentCorrelation.MESH, p -> IncidentCorrelation.MESH, Types.STRING);
    }

    private static Incident incident(String group, IncidentStatus status, Instant at, String... subjects) {
        Instant opened = T;
        return new Incident(Incident.idFor(IncidentKind.LATENCY, group, opened), status, Severity.SEV2,
                IncidentKind.LATENCY, group, List.of(subjects), opened, at, status == IncidentStatus.RESOLVED ? at : null,
                12, status.name().toLowerCase(), List.of());
    }

    private static void edges(KeyedTwoInputStreamOperatorTestHarness<String, Incident, PairPresence, Incident> h,
            String... pairs) throws Exception {
        for (String pair : pairs) {
            h.processElement2(new PairPresence(pair, 0, true), 0);
        }
    }

    @Test
    void theDeepestIncidentIsTheRootAndTheOneAboveLinksToItEvenIfItOpenedFirst() throws Exception {
        try (var h = harness()) {
            h.open();
            edges(h, "web->api", "api->db", "svc->db");
            h.processElement1(incident("dst:api", IncidentStatus.OPEN, T, "web->api"), T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            Instant later = T.plusSeconds(10);
            h.processElement1(incident("dst:db", IncidentStatus.OPEN, later, "api->db", "svc->db"), later.toEpochMilli());
            h.processBothWatermarks(new Watermark(later.toEpochMilli()));

            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::group, Incident::status, Incident::suspect).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("dst:api", IncidentStatus.OPEN, "api"),
                    org.assertj.core.groups.Tuple.tuple("dst:api", IncidentStatus.UPDATED, "db"),
                    org.assertj.core.groups.Tuple.tuple("dst:db", IncidentStatus.OPEN, "db"));
            assertThat(out.get(1).related()).containsExactly(out.get(2).id());
            assertThat(out.get(1).summary()).startsWith("suspect db: api calls db directly");
            assertThat(out.get(2).related()).containsExactly(out.get(0).id());

            // the root resolves first: the incident above keeps its suspect (the tail of the same fault)
            Instant end = T.plusSeconds(600);
            h.processElement1(incident("dst:db", IncidentStatus.RESOLVED, end, "api->db", "svc->db"), end.toEpochMilli());
            h.processBothWatermarks(new Watermark(end.toEpochMilli()));
            assertThat(h.extractOutputValues()).hasSize(4);
            assertThat(h.extractOutputValues().get(3).status()).isEqualTo(IncidentStatus.RESOLVED);
            Instant after = end.plusSeconds(30);
            h.processElement1(incident("dst:api", IncidentStatus.RESOLVED, after, "web->api"), after.toEpochMilli());
            h.processBothWatermarks(new Watermark(after.toEpochMilli()));
            Incident last = h.extractOutputValues().get(4);
            assertThat(last.status()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(last.suspect()).isEqualTo("db");
            assertThat(h.numKeyedStateEntries()).as("only the call graph is left").isEqualTo(1);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void theSameHeatSeenByACalleeGroupAndACallerGroupOpensOneIncident() throws Exception {
        try (var h = harness()) {
            h.open();
            edges(h, "web->cart");
            // the caller group's incident is listed first; the callee group's is still the one that speaks
            h.processElement1(incident("src:web", IncidentStatus.OPEN, T, "web->cart"), T.toEpochMilli());
            h.processElement1(incident("dst:cart", IncidentStatus.OPEN, T, "web->cart"), T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(h.extractOutputValues()).extracting(Incident::group).containsExactly("dst:cart");

            // the caller group gains a pair of its own: now it is news, opened with its own id
            Instant later = T.plusSeconds(30);
            Incident grown = new Incident(Incident.idFor(IncidentKind.LATENCY, "src:web", T), IncidentStatus.UPDATED,
                    Severity.SEV1, IncidentKind.LATENCY, "src:web", List.of("web->cart", "web->search"), T, later,
                    null, 30, "new subject web->search", List.of());
            h.processElement1(grown, later.toEpochMilli());
            h.processBothWatermarks(new Watermark(later.toEpochMilli()));
            Incident opened = h.extractOutputValues().stream().filter(i -> i.group().equals("src:web")).findFirst()
                    .orElseThrow();
            assertThat(opened.status()).isEqualTo(IncidentStatus.OPEN);
            assertThat(opened.openedAt()).isEqualTo(T);
            // web's calls to cart and search are both hot and nobody else calls them: web is the suspect, and the
            // caller group's incident is linked to the callee group's, which opened first
            assertThat(opened.suspect()).isEqualTo("web");
            assertThat(opened.suspectKind()).isEqualTo(SuspectKind.CALLER);
            assertThat(opened.related()).containsExactly(h.extractOutputValues().get(0).id());
        }
    }

    @Test
    void aSlowCallerOpensOneIncidentPerCalleeGroupAllNamingItAndLinkedToTheFirst() throws Exception {
        try (var h = harness()) {
            h.open();
            edges(h, "web->cart", "web->search", "web->ads", "checkout->cart", "robot->search");
            h.processElement1(incident("dst:search", IncidentStatus.OPEN, T, "web->search"), T.toEpochMilli());
            h.processElement1(incident("dst:cart", IncidentStatus.OPEN, T, "web->cart"), T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            Instant later = T.plusSeconds(20);
            Incident ads = new Incident(Incident.idFor(IncidentKind.LATENCY, "dst:ads", later), IncidentStatus.OPEN,
                    Severity.SEV2, IncidentKind.LATENCY, "dst:ads", List.of("web->ads"), later, later, null, 12, "open",
                    List.of());
            h.processElement1(ads, later.toEpochMilli());
            h.processBothWatermarks(new Watermark(later.toEpochMilli()));

            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::suspect, Incident::suspectKind).containsOnly(
                    org.assertj.core.groups.Tuple.tuple("web", SuspectKind.CALLER));
            String root = Incident.idFor(IncidentKind.LATENCY, "dst:cart", T);
            Incident lastOfRoot = out.stream().filter(i -> i.id().equals(root)).reduce((a, b) -> b).orElseThrow();
            assertThat(lastOfRoot.related()).as("the first to open, then the first by id, is the root")
                    .containsExactly(ads.id(), Incident.idFor(IncidentKind.LATENCY, "dst:search", T));
            assertThat(out.stream().filter(i -> i.id().equals(ads.id())).findFirst().orElseThrow().related())
                    .containsExactly(root);
            assertThat(out.get(out.size() - 1).suspectReason())
                    .startsWith("web's calls to 3 of its 3 callees are hot while their other callers are cool");
        }
    }

    @Test
    void pairsThatLeaveTheMeshLeaveTheCallGraph() throws Exception {
        try (var h = harness()) {
            h.open();
            edges(h, "a->b", "b->c");
            h.processElement2(new PairPresence("b->c", 10, false), 10);
            h.processElement1(incident("dst:b", IncidentStatus.OPEN, T, "a->b"), T.toEpochMilli());
            h.processElement1(incident("dst:c", IncidentStatus.OPEN, T, "x->c"), T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(h.extractOutputValues()).extracting(Incident::suspect).containsExactly("b", "c");
        }
    }

    @Test
    void aSilentIncidentIsPublishedOnceTheIncidentThatCoveredItResolves() throws Exception {
        try (var h = harness()) {
            h.open();
            edges(h, "a->db", "b->db");
            h.processElement1(incident("wide", IncidentStatus.OPEN, T, "a->db", "b->db"), T.toEpochMilli());
            h.processElement1(incident("dst:db", IncidentStatus.OPEN, T, "a->db"), T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(h.extractOutputValues()).extracting(Incident::group).containsExactly("wide");

            Instant later = T.plusSeconds(60);
            h.processElement1(incident("wide", IncidentStatus.RESOLVED, later, "a->db", "b->db"), later.toEpochMilli());
            h.processBothWatermarks(new Watermark(later.toEpochMilli()));
            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::group, Incident::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("wide", IncidentStatus.OPEN),
                    org.assertj.core.groups.Tuple.tuple("dst:db", IncidentStatus.OPEN),
                    org.assertj.core.groups.Tuple.tuple("wide", IncidentStatus.RESOLVED));
            assertThat(out.get(1).openedAt()).isEqualTo(T);
        }
    }

    @Test
    void edgesThatComeAfterAnIncidentsTimeDoNotChangeItsSuspect() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement2(new PairPresence("web->api", 0, true), 0);
            // api->db only appears after T: at T, dst:api is not above dst:db
            h.processElement2(new PairPresence("api->db", T.toEpochMilli() + 10_000, true), 0);
            h.processElement1(incident("dst:api", IncidentStatus.OPEN, T, "web->api"), T.toEpochMilli());
            h.processElement1(incident("dst:db", IncidentStatus.OPEN, T, "svc->db"), T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(h.extractOutputValues()).extracting(Incident::suspect).containsExactly("api", "db");
        }
    }
}
