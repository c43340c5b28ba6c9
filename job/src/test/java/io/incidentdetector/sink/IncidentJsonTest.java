package io.incidentdetector.sink;

import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.incident.SuspectKind;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentJsonTest {

    static final Instant T = Instant.parse("2026-01-01T00:12:00Z");

    @Test
    void anIncidentWithinTheBoundsIsWrittenAsItsOwnJson() throws Exception {
        Incident incident = incident(2);
        assertThat(IncidentJson.line(incident)).isEqualTo(JsonCodec.mapper().writeValueAsString(incident));
        Incident hundred = incident(100).withStatus(IncidentStatus.UPDATED, T, "new subject caller-00099");
        assertThat(IncidentJson.line(hundred)).isEqualTo(JsonCodec.mapper().writeValueAsString(hundred));
    }

    /** A dst: group of 20,000 callers with names of 250 characters: about 24 MB as it is, too large for Kafka. */
    @Test
    void aGiantGroupsIncidentShowsTheFirstSubjectsTheHottestEvidenceAndCountsTheRest() throws Exception {
        Incident giant = incident(20_000);
        assertThat(JsonCodec.mapper().writeValueAsBytes(giant).length).isGreaterThan(10_000_000);
        String line = IncidentJson.line(giant);
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(200_000);
        JsonNode json = JsonCodec.mapper().readTree(line);
        assertThat(json.get("subjects")).hasSize(100);
        assertThat(json.get("subjects").get(0).asText()).isEqualTo(giant.subjects().get(0));
        assertThat(json.get("subjectsNotShown").asInt()).isEqualTo(19_900);
        assertThat(json.get("evidence")).hasSize(100);
        assertThat(json.get("evidence").get(0).get("accumulator").asDouble()).isEqualTo(20_000.0);
        assertThat(json.get("evidenceNotShown").asInt()).isEqualTo(19_900);
        assertThat(json.get("related")).hasSize(100);
        assertThat(json.get("relatedNotShown").asInt()).isEqualTo(19_900);
        assertThat(json.get("summary").asText()).hasSizeLessThan(1_100).endsWith(" chars)");
        // still an incident record to its readers, with every other field as it was
        Incident read = JsonCodec.mapper().readValue(line, Incident.class);
        assertThat(read.id()).isEqualTo(giant.id());
        assertThat(read.status()).isEqualTo(giant.status());
        assertThat(read.suspect()).isEqualTo(giant.suspect());
        assertThat(json.get("openedAt").asText()).isEqualTo("2026-01-01T00:12:00Z");
    }

    static Incident incident(int pairs) {
        List<String> subjects = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>();
        List<String> related = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String pair = String.format("caller-%05d-%s->db", i, "x".repeat(240));
            subjects.add(pair);
            evidence.add(Evidence.ofPair(pair, 200.0, 5.0, 4.0, 6.0, 195.0, 0.97, i + 1, 6));
            related.add("latency-dst:svc-" + i + "-1767226320");
        }
        return new Incident("latency-dst:db-1767226320", IncidentStatus.OPEN, Severity.SEV1, IncidentKind.LATENCY,
                "dst:db", subjects, T, T, null, 12.5, "SEV1 on dst:db: " + String.join(", ", subjects) + " hot",
                evidence, "db", SuspectKind.CALLEE, "its hot pairs point at db", related, null, null);
    }
}
