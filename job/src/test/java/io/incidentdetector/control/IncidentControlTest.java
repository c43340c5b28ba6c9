package io.incidentdetector.control;

import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.incident.SuspectKind;
import io.incidentdetector.testing.KeyedStateEntries;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each command at the incident stage, through Flink's operator harness: what is published, notified, audited. */
class IncidentControlTest {

    private static final Instant T = Instant.parse("2026-01-01T00:10:00Z");
    private static final String ID = "latency-checkout-path-1767226200";

    private static KeyedTwoInputStreamOperatorTestHarness<String, Incident, ControlCommand, Incident> harness()
            throws Exception {
        return harness(null);
    }

    /** A harness, restored from {@code snapshot} when there is one (a restart from a checkpoint). */
    private static KeyedTwoInputStreamOperatorTestHarness<String, Incident, ControlCommand, Incident> harness(
            org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot) throws Exception {
        return harness(snapshot, ControlConfig.defaults());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Incident, ControlCommand, Incident> harness(
            org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot, ControlConfig limits) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                new IncidentControl(limits)),
                (Incident i) -> IncidentControl.KEY, (ControlCommand c) -> IncidentControl.KEY, Types.STRING);
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    /** An incident record at its own time, and the watermark up to it. */
    private static void in(KeyedTwoInputStreamOperatorTestHarness<String, Incident, ControlCommand, Incident> h,
            Incident record) throws Exception {
        long t = IncidentControl.timeOf(record).toEpochMilli();
        h.processElement1(record, t);
        h.processBothWatermarks(new Watermark(t));
    }

    /** A command, and the watermark up to its time (when the job has seen every incident record before it). */
    private static void command(KeyedTwoInputStreamOperatorTestHarness<String, Incident, ControlCommand, Incident> h,
            ControlCommand c) throws Exception {
        h.processElement2(c, c.at().toEpochMilli());
        h.processBothWatermarks(new Watermark(c.at().toEpochMilli()));
    }

    private static Incident record(IncidentStatus status, Severity severity, int minute) {
        Instant at = T.plusSeconds(60L * minute);
        return new Incident(ID, status, severity, IncidentKind.LATENCY, "checkout-path",
                List.of("frontend->cartservice"), T, at, status == IncidentStatus.RESOLVED ? at : null, 12, "s" + minute,
                List.of(), "cartservice", SuspectKind.CALLEE, "hot", List.of(), null, null);
    }

    private static ControlCommand silence(String service, int fromMinute, int untilMinute, boolean suppress) {
        return new ControlCommand("s-1", T, ControlCommand.Kind.SILENCE, null, service, null, null, null,
                T.plusSeconds(60L * fromMinute), T.plusSeconds(60L * untilMinute), suppress, null, "alice", "upgrade");
    }

    private static ControlCommand about(ControlCommand.Kind kind, String incident, int minute) {
        return new ControlCommand("c-" + minute, T.plusSeconds(60L * minute), kind, null, null, null, null, null, null,
                null, false, incident, "bob", "rolled back");
    }

    private static List<Incident> notified(KeyedTwoInputStreamOperatorTestHarness<String, Incident, ControlCommand,
            Incident> h) {
        return h.getSideOutput(IncidentControl.NOTIFY) == null ? List.of()
                : h.getSideOutput(IncidentControl.NOTIFY).stream().map(StreamRecord::getValue).toList();
    }

    private static List<ControlAudit> audit(KeyedTwoInputStreamOperatorTestHarness<String, Incident, ControlCommand,
            Incident> h) {
        return h.getSideOutput(CommandGate.AUDIT) == null ? List.of()
                : h.getSideOutput(CommandGate.AUDIT).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void withoutCommandsEveryRecordIsPublishedAndNotifiedAndNothingIsKeptAfterResolve() throws Exception {
        try (var h = harness()) {
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 0));
            in(h, record(IncidentStatus.UPDATED, Severity.SEV1, 1));
            in(h, record(IncidentStatus.RESOLVED, Severity.SEV1, 5));
            assertThat(h.extractOutputValues()).extracting(Incident::status).containsExactly(IncidentStatus.OPEN,
                    IncidentStatus.UPDATED, IncidentStatus.RESOLVED);
            assertThat(notified(h)).hasSize(3);
            assertThat(KeyedStateEntries.of(h)).isZero();
        }
    }

    @Test
    void aMarkingSilenceMarksRecordsAndKeepsThemFromNotificationsButNotTheResolve() throws Exception {
        try (var h = harness()) {
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 0));
            command(h, silence("cartservice", 1, 3, false));
            in(h, record(IncidentStatus.UPDATED, Severity.SEV1, 2));
            in(h, record(IncidentStatus.RESOLVED, Severity.SEV1, 3));
            List<Incident> out = h.extractOutputValues();
            assertThat(out.get(0).silence()).isNull();
            assertThat(out.get(1).silence()).startsWith("silence s-1 of service cartservice until").endsWith(
                    "by alice: upgrade");
            assertThat(notified(h)).extracting(Incident::status).containsExactly(IncidentStatus.OPEN,
                    IncidentStatus.RESOLVED);
        }
    }

    @Test
    void aSuppressingSilenceHoldsBackAnEpisodeThatOpensInItAndPublishesItIfStillOpenAfter() throws Exception {
        try (var h = harness()) {
            command(h, silence("cartservice", 0, 3, true));
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 1));
            in(h, record(IncidentStatus.UPDATED, Severity.SEV1, 2));
            assertThat(h.extractOutputValues()).isEmpty();
            in(h, record(IncidentStatus.UPDATED, Severity.SEV1, 4));
            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status).containsExactly(IncidentStatus.OPEN, IncidentStatus.UPDATED);
            assertThat(out.get(0).summary()).isEqualTo("opened during a silence that has ended: s2");
            assertThat(out.get(0).severity()).isEqualTo(Severity.SEV1);
            assertThat(notified(h)).hasSize(2);
        }
        try (var h = harness()) {
            // held back all its life: nothing is published, nothing kept
            command(h, silence("frontend", 0, 10, true));
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 1));
            in(h, record(IncidentStatus.RESOLVED, Severity.SEV2, 4));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBothWatermarks(new Watermark(T.plusSeconds(600).toEpochMilli()));
            assertThat(KeyedStateEntries.of(h)).as("the silence is over: nothing kept").isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anAcknowledgedIncidentIsNotNotifiedUntilItsSeverityChanges() throws Exception {
        try (var h = harness()) {
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 0));
            command(h, about(ControlCommand.Kind.ACKNOWLEDGE, ID, 1));
            in(h, record(IncidentStatus.UPDATED, Severity.SEV2, 2));
            in(h, record(IncidentStatus.UPDATED, Severity.SEV1, 3));
            List<Incident> out = h.extractOutputValues();
            assertThat(out.get(1).acknowledged()).isEqualTo("bob at " + T.plusSeconds(60));
            assertThat(out.get(2).acknowledged()).as("a new severity ends the acknowledgement").isNull();
            // the opening, the opening again carrying the acknowledgement (same labels), then the new severity
            assertThat(notified(h)).extracting(Incident::summary).containsExactly("s0", "s0", "s3");
            assertThat(notified(h).get(1).acknowledged()).isEqualTo("bob at " + T.plusSeconds(60));
            assertThat(audit(h)).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(ControlAudit.APPLIED);
                assertThat(a.reason()).contains("updates at SEV2 are not notified");
            });
        }
    }

    @Test
    void aHandResolveClosesTheEpisodeAndAnEscalationAfterItIsANewIncident() throws Exception {
        try (var h = harness()) {
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 0));
            command(h, about(ControlCommand.Kind.RESOLVE, ID, 2));
            in(h, record(IncidentStatus.UPDATED, Severity.SEV2, 3));
            in(h, record(IncidentStatus.UPDATED, Severity.SEV1, 4));
            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status).containsExactly(IncidentStatus.OPEN,
                    IncidentStatus.RESOLVED, IncidentStatus.OPEN);
            assertThat(out.get(1).summary()).isEqualTo("resolved by hand by bob at " + T.plusSeconds(120)
                    + ": rolled back");
            assertThat(out.get(1).resolvedAt()).isEqualTo(T.plusSeconds(120));
            assertThat(out.get(2).id()).isEqualTo(ID + "-" + T.plusSeconds(240).getEpochSecond());
            assertThat(notified(h)).hasSize(3);
            in(h, record(IncidentStatus.RESOLVED, Severity.SEV1, 6));
            assertThat(h.extractOutputValues().get(3).id()).isEqualTo(out.get(2).id());
            assertThat(KeyedStateEntries.of(h)).isZero();
        }
    }

    @Test
    void commandsThatNameNoOpenIncidentAreRejected() throws Exception {
        try (var h = harness()) {
            command(h, about(ControlCommand.Kind.ACKNOWLEDGE, "latency-nope-1", 1));
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 0));
            in(h, record(IncidentStatus.RESOLVED, Severity.SEV2, 1));
            command(h, about(ControlCommand.Kind.RESOLVE, ID, 2));
            assertThat(audit(h)).extracting(ControlAudit::outcome, ControlAudit::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ControlAudit.REJECTED, "no open incident latency-nope-1 at "
                            + T.plusSeconds(60)),
                    org.assertj.core.groups.Tuple.tuple(ControlAudit.REJECTED, "no open incident " + ID + " at "
                            + T.plusSeconds(120)));
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(KeyedStateEntries.of(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aCommandFallsBetweenTheRecordsOfItsTimeEvenWhenTheWholeIncidentArrivedFirst() throws Exception {
        try (var h = harness()) {
            // one pipeline ran ahead: its whole incident is in before the acknowledgement that falls inside it
            h.processElement1(record(IncidentStatus.OPEN, Severity.SEV2, 0), T.toEpochMilli());
            h.processElement1(record(IncidentStatus.UPDATED, Severity.SEV2, 7), T.plusSeconds(420).toEpochMilli());
            h.processElement1(record(IncidentStatus.RESOLVED, Severity.SEV2, 9), T.plusSeconds(540).toEpochMilli());
            assertThat(h.extractOutputValues()).as("held until the watermark reaches them").isEmpty();
            h.processElement2(about(ControlCommand.Kind.ACKNOWLEDGE, ID, 5), T.plusSeconds(300).toEpochMilli());
            h.processBothWatermarks(new Watermark(T.plusSeconds(600).toEpochMilli()));
            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::acknowledged).containsExactly(null, "bob at " + T.plusSeconds(300),
                    "bob at " + T.plusSeconds(300));
            assertThat(notified(h)).extracting(Incident::status).containsExactly(IncidentStatus.OPEN,
                    IncidentStatus.OPEN, IncidentStatus.RESOLVED);
            assertThat(audit(h)).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo(ControlAudit.APPLIED));
            assertThat(KeyedStateEntries.of(h)).isZero();
        }
    }

    @Test
    void silencesAndAcknowledgementsSurviveARestartFromACheckpoint() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = harness()) {
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 0));
            command(h, about(ControlCommand.Kind.ACKNOWLEDGE, ID, 1));
            command(h, silence("cartservice", 2, 20, false));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var restored = harness(snapshot)) {
            in(restored, record(IncidentStatus.UPDATED, Severity.SEV2, 3));
            assertThat(restored.extractOutputValues()).singleElement().satisfies(i -> {
                assertThat(i.acknowledged()).isEqualTo("bob at " + T.plusSeconds(60));
                assertThat(i.silence()).startsWith("silence s-1 of service cartservice");
            });
            assertThat(notified(restored)).isEmpty();
        }
    }

    @Test
    void anEpisodeThatOutlastsASuppressingSilenceIsPublishedWhenTheSilenceEnds() throws Exception {
        try (var h = harness()) {
            command(h, silence("cartservice", 0, 3, true));
            in(h, record(IncidentStatus.OPEN, Severity.SEV1, 1));
            assertThat(h.extractOutputValues()).isEmpty();
            // no record after the silence (the lifecycle is quiet while nothing changes): the silence's end publishes it
            h.processBothWatermarks(new Watermark(T.plusSeconds(180).toEpochMilli()));
            assertThat(h.extractOutputValues()).singleElement().satisfies(i -> {
                assertThat(i.status()).isEqualTo(IncidentStatus.OPEN);
                assertThat(i.severity()).isEqualTo(Severity.SEV1);
                assertThat(i.summary()).startsWith("opened during a silence that has ended");
            });
            assertThat(notified(h)).hasSize(1);
            in(h, record(IncidentStatus.RESOLVED, Severity.SEV1, 9));
            assertThat(notified(h)).extracting(Incident::status).containsExactly(IncidentStatus.OPEN,
                    IncidentStatus.RESOLVED);
        }
    }

    @Test
    void anIncidentPublishedBeforeThisStageHadStateIsStillClosed() throws Exception {
        try (var h = harness()) {
            // e.g. a job that gained the control topic from a savepoint while this incident was open
            in(h, record(IncidentStatus.UPDATED, Severity.SEV1, 4));
            in(h, record(IncidentStatus.RESOLVED, Severity.SEV1, 6));
            assertThat(h.extractOutputValues()).extracting(Incident::status).containsExactly(IncidentStatus.UPDATED,
                    IncidentStatus.RESOLVED);
            assertThat(notified(h)).hasSize(2);
            assertThat(KeyedStateEntries.of(h)).isZero();
        }
    }

    @Test
    void aCommandWhoseTimeHasPassedHereAlreadyIsAppliedAtOnce() throws Exception {
        try (var h = harness()) {
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 0));
            h.processBothWatermarks(new Watermark(T.plusSeconds(600).toEpochMilli()));
            h.processElement2(about(ControlCommand.Kind.RESOLVE, ID, 2), T.plusSeconds(120).toEpochMilli());
            assertThat(h.extractOutputValues()).extracting(Incident::status).containsExactly(IncidentStatus.OPEN,
                    IncidentStatus.RESOLVED);
            assertThat(audit(h)).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo(ControlAudit.APPLIED));
        }
    }

    private static ControlCommand silence(String id, String service, int untilMinute) {
        return new ControlCommand(id, T, ControlCommand.Kind.SILENCE, null, service, null, null, null, T,
                T.plusSeconds(60L * untilMinute), false, null, "alice", null);
    }

    @Test
    void beyondMaxSilencesANewSilenceIsRejectedButOneWithAKnownIdReplacesItsSilence() throws Exception {
        try (var h = harness(null, new ControlConfig(null, 2, null))) {
            command(h, silence("s-1", "cartservice", 10));
            command(h, silence("s-2", "paymentservice", 10));
            command(h, silence("s-3", "adservice", 10));
            command(h, silence("s-2", "paymentservice", 5));
            assertThat(audit(h)).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo("s-3");
                assertThat(a.outcome()).isEqualTo(ControlAudit.REJECTED);
                assertThat(a.reason()).startsWith("control.max-silences (2) silences are in force already, so"
                        + " silence s-3 of service adservice is not").contains("Fix: end silences no longer needed");
            });
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 1));
            assertThat(h.extractOutputValues()).singleElement().satisfies(i -> assertThat(i.silence())
                    .startsWith("silence s-1 of service cartservice"));
            // s-2 ends at minute 5 (replaced), s-1 at 10: then there is room again
            h.processBothWatermarks(new Watermark(T.plusSeconds(600).toEpochMilli()));
            command(h, new ControlCommand("s-4", T.plusSeconds(600), ControlCommand.Kind.SILENCE, null, "adservice",
                    null, null, null, T.plusSeconds(600), T.plusSeconds(1200), false, null, "alice", null));
            assertThat(audit(h)).hasSize(1);
        }
    }

    @Test
    void beyondMaxWaitingAnAcknowledgementIsRejectedWithTheReason() throws Exception {
        try (var h = harness(null, new ControlConfig(1, null, null))) {
            in(h, record(IncidentStatus.OPEN, Severity.SEV2, 0));
            h.processElement2(about(ControlCommand.Kind.ACKNOWLEDGE, ID, 2), T.plusSeconds(120).toEpochMilli());
            h.processElement2(about(ControlCommand.Kind.RESOLVE, ID, 3), T.plusSeconds(180).toEpochMilli());
            assertThat(audit(h)).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo("c-3");
                assertThat(a.outcome()).isEqualTo(ControlAudit.REJECTED);
                assertThat(a.reason()).startsWith("control.max-waiting (1) commands already wait");
            });
            h.processBothWatermarks(new Watermark(T.plusSeconds(180).toEpochMilli()));
            assertThat(audit(h)).extracting(ControlAudit::outcome).containsExactly(ControlAudit.REJECTED,
                    ControlAudit.APPLIED);
        }
    }
}
