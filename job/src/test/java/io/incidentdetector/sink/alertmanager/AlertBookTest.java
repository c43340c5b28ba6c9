package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.config.AlertmanagerConfig;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertBookTest {

    /** Wall clock: months after the demo's event time, as when replaying old data. */
    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    static final Duration KEEP = Duration.ofMinutes(4);
    static final IncidentAlerts MAPPING = new IncidentAlerts(AlertmanagerConfig.defaults());

    AlertBook book = new AlertBook(MAPPING, KEEP, List.of());

    @Test
    void anOpenIncidentIsOneFiringAlertStartingAtItsOpening() {
        List<Alert> changed = book.apply(Incidents.open(), NOW);
        assertThat(changed).singleElement().satisfies(alert -> {
            assertThat(alert.isFiring()).isTrue();
            assertThat(alert.labels()).containsEntry("incident_severity", "SEV2");
            assertThat(alert.startsAt()).isEqualTo(Incidents.OPENED);
        });
        assertThat(book.firing()).isEqualTo(1);
    }

    @Test
    void anEscalationEndsTheOldLabelSetAndStartsTheNewOne() {
        book.apply(Incidents.open(), NOW);
        List<Alert> changed = book.apply(Incidents.escalated(), NOW);
        assertThat(changed).hasSize(2);
        Alert sev2 = changed.get(0);
        Alert sev1 = changed.get(1);
        assertThat(sev2.labels()).containsEntry("incident_severity", "SEV2");
        assertThat(sev2.isFiring()).isFalse();
        assertThat(sev2.startsAt()).isEqualTo(Incidents.OPENED);
        assertThat(sev2.endsAt()).isEqualTo(Incidents.ESCALATED);
        assertThat(sev2.keepUntil()).isEqualTo(NOW.plus(KEEP));
        assertThat(sev1.labels()).containsEntry("incident_severity", "SEV1");
        assertThat(sev1.isFiring()).isTrue();
        assertThat(sev1.startsAt()).isEqualTo(Incidents.ESCALATED);
        assertThat(book.firing()).isEqualTo(1);
        assertThat(book.alerts()).hasSize(2);
    }

    @Test
    void anUpdateWithTheSameLabelsKeepsTheStartAndTakesTheNewAnnotations() {
        book.apply(Incidents.escalated(), NOW);
        Alert again = book.apply(Incidents.escalated(Incidents.ID, Incidents.OPENED,
                Incidents.ESCALATED.plusSeconds(60)).withStatus(io.incidentdetector.incident.IncidentStatus.UPDATED,
                Incidents.ESCALATED.plusSeconds(60), "new subject"), NOW).get(0);
        assertThat(again.startsAt()).isEqualTo(Incidents.OPENED);
        assertThat(again.annotations().get("description")).startsWith("new subject");
        assertThat(book.alerts()).hasSize(1);
    }

    @Test
    void aResolutionEndsTheFiringAlertAtTheResolutionTime() {
        book.apply(Incidents.open(), NOW);
        book.apply(Incidents.escalated(), NOW);
        Alert resolved = book.apply(Incidents.resolved(), NOW).get(0);
        assertThat(resolved.labels()).containsEntry("incident_severity", "SEV1");
        assertThat(resolved.endsAt()).isEqualTo(Incidents.RESOLVED);
        assertThat(resolved.annotations().get("description")).startsWith("resolved: cooled down");
        assertThat(book.firing()).isZero();
    }

    @Test
    void eventTimesInTheFutureBecomeNow() {
        Instant future = NOW.plus(Duration.ofDays(30));
        Alert open = book.apply(Incidents.open("latency-checkout-path-9", future), NOW).get(0);
        assertThat(open.startsAt()).isEqualTo(NOW);
        Instant later = NOW.plusSeconds(5);
        Alert resolved = book.apply(Incidents.resolved("latency-checkout-path-9", future, future.plusSeconds(60)),
                later).get(0);
        assertThat(resolved.startsAt()).isEqualTo(NOW);
        assertThat(resolved.endsAt()).isEqualTo(later);
    }

    @Test
    void anEndIsNeverBeforeTheStartOrAlertmanagerWouldRefuseIt() {
        Instant future = NOW.plus(Duration.ofDays(30));
        book.apply(Incidents.open("latency-checkout-path-9", future), NOW);
        // escalated in event time before the clamped start: the old label set ends when it started
        Alert ended = book.apply(Incidents.escalated("latency-checkout-path-9", future,
                Incidents.ESCALATED), NOW.plusSeconds(1)).get(0);
        assertThat(ended.endsAt()).isEqualTo(ended.startsAt());
    }

    @Test
    void aResolutionWithoutAFiringAlertIsStillSent() {
        Alert resolved = book.apply(Incidents.resolved(), NOW).get(0);
        assertThat(resolved.isFiring()).isFalse();
        assertThat(resolved.startsAt()).isEqualTo(Incidents.OPENED);
        assertThat(resolved.endsAt()).isEqualTo(Incidents.RESOLVED);
    }

    @Test
    void resolvedAlertsAreKeptUntilAlertmanagerWouldHaveExpiredThem() {
        book.apply(Incidents.open(), NOW);
        book.apply(Incidents.resolved(), NOW);
        book.expire(NOW.plus(KEEP));
        assertThat(book.alerts()).hasSize(1);
        book.expire(NOW.plus(KEEP).plusMillis(1));
        assertThat(book.alerts()).isEmpty();
    }

    @Test
    void aRestoredBookKnowsWhichAlertIsFiringForWhichIncident() {
        book.apply(Incidents.open(), NOW);
        AlertBook restored = new AlertBook(MAPPING, KEEP, book.alerts());
        assertThat(restored.firing()).isEqualTo(1);
        List<Alert> changed = restored.apply(Incidents.escalated(), NOW);
        assertThat(changed).extracting(a -> a.labels().get("incident_severity"), Alert::isFiring)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SEV2", false),
                        org.assertj.core.groups.Tuple.tuple("SEV1", true));
    }

    @Test
    void theStateRoundTripsThroughItsSerializer() throws Exception {
        book.apply(Incidents.open(), NOW);
        book.apply(Incidents.escalated(), NOW);
        AlertSerializer serializer = new AlertSerializer();
        for (Alert alert : book.alerts()) {
            assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(alert))).isEqualTo(alert);
        }
    }
}
