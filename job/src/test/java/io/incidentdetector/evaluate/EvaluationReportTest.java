package io.incidentdetector.evaluate;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.incident.SuspectKind;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluationReportTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(String hhmmss) {
        return Instant.parse("2026-01-01T" + hhmmss + "Z");
    }

    private static Incident record(String id, IncidentStatus status, String said) {
        return new Incident(id, status, Severity.SEV1, IncidentKind.LATENCY, "dst:db", List.of("x->db"),
                at("10:01:20"), at(said), status == IncidentStatus.RESOLVED ? at(said) : null, 10, "", List.of(), "db",
                SuspectKind.CALLEE, null, List.of(), null, null);
    }

    private static Map<String, Scorecard> suites() {
        Scorecard card = new Scorecard(Duration.ofMinutes(5));
        card.add(IncidentKind.LATENCY, "run", List.of(
                FaultLabel.delay("db", at("10:00:00"), at("10:03:00"), Severity.SEV1, 200),
                FaultLabel.delay("api", at("11:00:00"), at("11:01:00"), null, 50)),
                List.of(record("i1", IncidentStatus.OPEN, "10:01:20"), record("i1", IncidentStatus.RESOLVED, "10:05:00")),
                T0, T0.plus(Duration.ofDays(1)));
        Map<String, Scorecard> suites = new LinkedHashMap<>();
        suites.put("mesh, 10 s windows", card);
        suites.put("fault-free", new Scorecard(Duration.ofMinutes(5)));
        return suites;
    }

    private static List<String> printed(boolean list) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EvaluationReport(new PrintStream(bytes, true, StandardCharsets.UTF_8)).print(suites(), list);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsARowPerSuiteThePromisedFaultsAndWhatWasMissed() {
        assertThat(printed(false)).containsExactly(
                "",
                "suite                    pipeline  hours faults recall  promised precis. severity culprit detect p50/p95"
                        + "  resolve p50 false/24h",
                "mesh, 10 s windows       latency      24      2    50%      100%    100%     100%    100% 80s / 80s "
                        + "      120s             0.00",
                "  promised: recall of the faults the detector promises to catch (delays of 100 ms or more lasting 3"
                        + " minutes or more, in samples when replayed; canary regressions of 2x or more on a code with 20"
                        + " errors a bin or more)",
                "  mesh, 10 s windows: 1 promised faults, 1 caught, 1 with the culprit named, 1 of 1 at the expected"
                        + " severity",
                "  missed (mesh, 10 s windows): run: service api 2026-01-01T11:00:00Z - 2026-01-01T11:01:00Z +50 ms");
    }

    @Test
    void aSuiteWithSeveralKindsOfFaultPrintsThePromisedOnesByKind() {
        Scorecard card = new Scorecard(Duration.ofMinutes(5));
        card.add(IncidentKind.LATENCY, "run", List.of(
                FaultLabel.delay("db", at("10:00:00"), at("10:03:00"), Severity.SEV1, 200),
                FaultLabel.delay("caller:x", at("12:00:00"), at("12:03:00"), null, 200)),
                List.of(record("i1", IncidentStatus.OPEN, "10:01:20")), T0, T0.plus(Duration.ofDays(1)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EvaluationReport(new PrintStream(bytes, true, StandardCharsets.UTF_8)).print(Map.of("mesh", card), false);
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsSubsequence(
                "  mesh: 2 promised faults, 1 caught, 1 with the culprit named, 1 of 1 at the expected severity",
                "    service: 1 promised, 1 caught, 1 with the culprit named",
                "    caller CPU: 1 promised, 0 caught, 0 with the culprit named",
                "  missed (mesh): run: caller CPU x 2026-01-01T12:00:00Z - 2026-01-01T12:03:00Z +200 ms");
    }

    @Test
    void withListPrintsEveryFault() {
        assertThat(printed(true)).endsWith(
                "  caught  run: service db 2026-01-01T10:00:00Z - 2026-01-01T10:03:00Z +200 ms after 80 s, SEV1"
                        + " (expected SEV1), culprit named",
                "  missed  run: service api 2026-01-01T11:00:00Z - 2026-01-01T11:01:00Z +50 ms");
    }

    @Test
    void secondsAreThePercentileInWholeSecondsOrADash() {
        assertThat(EvaluationReport.seconds(List.of(80_900L, 1_000L), 0.5)).isEqualTo("80s");
        assertThat(EvaluationReport.seconds(List.of(), 0.5)).isEqualTo("-");
    }
}
