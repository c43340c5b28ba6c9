package io.incidentdetector.evaluate;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScorecardTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Instant at(String hhmmss) {
        return Instant.parse("2026-01-01T" + hhmmss + "Z");
    }

    private static Incident record(String id, IncidentStatus status, Severity severity, String group, String subject,
            String opened, String said, String suspect) {
        return new Incident(id, status, severity, IncidentKind.LATENCY, group, List.of(subject), at(opened), at(said),
                status == IncidentStatus.RESOLVED ? at(said) : null, 10, "", List.of(), suspect, null, null, List.of(), null, null);
    }

    private static FaultLabel fault(String target, String from, String to, Severity expected) {
        return FaultLabel.delay(target, at(from), at(to), expected, 200);
    }

    @Test
    void countsCatchesSeverityCulpritTimesAndFalseIncidents() {
        List<FaultLabel> labels = List.of(
                fault("db", "10:00:00", "10:03:00", Severity.SEV1),
                fault("db", "10:09:00", "10:12:00", Severity.SEV1),
                fault("a->c", "11:00:00", "11:03:00", Severity.SEV2));
        List<Incident> records = List.of(
                record("i1", IncidentStatus.OPEN, Severity.SEV2, "dst:db", "x->db", "10:01:20", "10:01:20", "db"),
                record("i1", IncidentStatus.UPDATED, Severity.SEV1, "dst:db", "x->db", "10:01:20", "10:02:00", "db"),
                // the second fault while the first incident is still open: caught by the update that says so
                record("i1", IncidentStatus.UPDATED, Severity.SEV1, "dst:db", "x->db", "10:01:20", "10:10:00", "db"),
                record("i1", IncidentStatus.RESOLVED, Severity.SEV1, "dst:db", "x->db", "10:01:20", "10:14:00", "db"),
                record("i2", IncidentStatus.OPEN, Severity.SEV2, "dst:x", "y->x", "12:00:00", "12:00:00", "x"));
        Scorecard card = new Scorecard(Duration.ofMinutes(5));
        card.add(IncidentKind.LATENCY, "run", labels, records, T0, T0.plus(Duration.ofDays(1)));
        Scorecard.Tally t = card.tally(IncidentKind.LATENCY);
        assertThat(t.faults).isEqualTo(3);
        assertThat(t.caught).isEqualTo(2);
        assertThat(t.missed).singleElement().asString().contains("a->c");
        assertThat(t.detectMillis).containsExactly(80_000L, 60_000L);
        assertThat(t.severityAccuracy()).isEqualTo(1.0);
        assertThat(t.culpritRate()).isEqualTo(1.0);
        assertThat(t.resolveMillis).containsExactly(11 * 60_000L, 2 * 60_000L);
        assertThat(t.episodes).isEqualTo(2);
        assertThat(t.precision()).isEqualTo(0.5);
        assertThat(t.falsePerDay()).isCloseTo(1.0, within(1e-9));
        assertThat(t.promisedRecall()).isCloseTo(2 / 3.0, within(1e-9));
    }

    @Test
    void anIncidentAlreadyOpenThatSaysNothingNewDoesNotCatchASecondFault() {
        List<FaultLabel> labels = List.of(fault("db", "10:00:00", "10:03:00", null),
                fault("db", "10:09:00", "10:12:00", null));
        List<Incident> records = List.of(
                record("i1", IncidentStatus.OPEN, Severity.SEV2, "dst:db", "x->db", "10:01:00", "10:01:00", "db"),
                record("i1", IncidentStatus.RESOLVED, Severity.SEV2, "dst:db", "x->db", "10:01:00", "10:30:00", "db"));
        Scorecard card = new Scorecard(Duration.ofMinutes(5));
        card.add(IncidentKind.LATENCY, "run", labels, records, T0, T0.plus(Duration.ofDays(1)));
        assertThat(card.tally(IncidentKind.LATENCY).caught).isEqualTo(1);
        assertThat(card.tally(IncidentKind.LATENCY).withSeverity).isZero();
    }

    /** An opening record at SEV2 with one hot pair. */
    private static Incident opened(String id, String group, String pair, String at, String suspect) {
        return record(id, IncidentStatus.OPEN, Severity.SEV2, group, pair, at, at, suspect);
    }

    private static Scorecard.Tally score(List<FaultLabel> labels, Incident... records) {
        Scorecard card = new Scorecard(Duration.ofMinutes(5));
        card.add(IncidentKind.LATENCY, "run", labels, List.of(records), T0, T0.plus(Duration.ofDays(1)));
        return card.tally(IncidentKind.LATENCY);
    }

    @Test
    void aCallerFaultIsConcernedByHotPairsOutOfItAndItsCulpritIsTheCallerItself() {
        Scorecard.Tally t = score(List.of(fault("caller:s", "10:00:00", "10:05:00", null),
                fault("caller:t", "12:00:00", "12:05:00", null)),
                // the callees' groups, each with its one hot pair from s: caught, the callee named
                opened("c1", "dst:c1", "s->c1", "10:01:00", "c1"),
                opened("c2", "dst:c2", "s->c2", "10:01:10", "c2"),
                // a pair into t is not the fault's (its calls in are not slowed)
                opened("in", "dst:t", "u->t", "12:01:00", "u"),
                // naming the caller concerns it and names the culprit
                opened("named", "dst:c3", "x->c3", "12:02:00", "t"));
        assertThat(t.caught).isEqualTo(2);
        assertThat(t.culpritRight).as("only the incident naming t").isEqualTo(1);
        assertThat(t.detectMillis).containsExactly(60_000L, 120_000L);
        assertThat(t.falseIncidents).singleElement().asString().contains("in");
        assertThat(t.promisedByKind).containsOnlyKeys("caller CPU");
        assertThat(t.promisedByKind.get("caller CPU").caught).isEqualTo(2);
        assertThat(t.promisedByKind.get("caller CPU").culprit).isEqualTo(1);
        assertThat(t.faultLines.get(0)).startsWith("caught  run: caller CPU s ").endsWith("culprit not named");
    }

    @Test
    void aPodFaultIsConcernedByPairsIntoAndOutOfItsService() {
        FaultLabel pod = fault("pod:s", "10:00:00", "10:05:00", null);
        assertThat(Scorecard.concerns(opened("a", "dst:c", "s->c", "10:01:00", "c"), pod)).isTrue();
        assertThat(Scorecard.concerns(opened("b", "dst:s", "u->s", "10:01:00", "s"), pod)).isTrue();
        assertThat(Scorecard.concerns(opened("c", "dst:c", "u->c", "10:01:00", "c"), pod)).isFalse();
    }

    @Test
    void aPairsCulpritIsThePairOrTheCalleeOnlyWhenTheLabelAcceptsIt() {
        Instant from = at("10:00:00");
        Instant to = at("10:05:00");
        List<FaultLabel> shared = List.of(FaultLabel.delay("a->c", from, to, null, 200, List.of("a->c")));
        Incident callee = opened("i", "dst:c", "a->c", "10:01:00", "c");
        Incident edge = opened("e", "dst:x", "y->x", "10:01:00", "a->c");
        assertThat(score(shared, callee).caught).isEqualTo(1);
        assertThat(score(shared, callee).culpritRight).as("c has other callers").isZero();
        assertThat(Scorecard.concerns(edge, shared.get(0))).as("an edge suspect naming the pair").isTrue();
        assertThat(score(shared, edge).culpritRight).isEqualTo(1);
        assertThat(score(List.of(FaultLabel.delay("a->c", from, to, null, 200, List.of("a->c", "c"))), callee)
                .culpritRight).as("a is c's only caller").isEqualTo(1);
    }

    @Test
    void severityIsReadFromTheCulpritsOwnGroupWhenItHasOne() {
        List<FaultLabel> labels = List.of(fault("a->db", "10:00:00", "10:03:00", Severity.SEV2));
        List<Incident> records = List.of(
                // the callers above are SEV1 and linked to it; the pair's own group is SEV2
                record("up", IncidentStatus.OPEN, Severity.SEV1, "dst:a", "z->a", "10:01:00", "10:01:00", "db"),
                record("own", IncidentStatus.OPEN, Severity.SEV2, "dst:db", "a->db", "10:02:00", "10:02:00", "db"));
        Scorecard card = new Scorecard(Duration.ofMinutes(5));
        card.add(IncidentKind.LATENCY, "run", labels, records, T0, T0.plus(Duration.ofDays(1)));
        Scorecard.Tally t = card.tally(IncidentKind.LATENCY);
        assertThat(t.severityRight).isEqualTo(1);
        assertThat(t.detectMillis).containsExactly(60_000L);
        assertThat(t.trueEpisodes).as("the linked incident above concerns the fault too").isEqualTo(2);
    }
}
