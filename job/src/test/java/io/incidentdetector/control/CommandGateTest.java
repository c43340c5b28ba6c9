package io.incidentdetector.control;

import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.config.GroupConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ControlCommandParser;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.heat.Grouping;
import io.incidentdetector.testing.KeyedStateEntries;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate through Flink's operator harness: held until its time, checked against the mesh then, echoed. */
class CommandGateTest {

    private static final Instant T = Instant.parse("2026-01-01T00:10:00Z");

    private static KeyedTwoInputStreamOperatorTestHarness<String, ParsedRecord<ControlCommand>, PairPresence,
            ControlCommand> harness() throws Exception {
        return harness(ControlConfig.defaults());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, ParsedRecord<ControlCommand>, PairPresence,
            ControlCommand> harness(ControlConfig limits) throws Exception {
        LatencyConfig config = LatencyConfig.defaults().withGroups(List.of(new GroupConfig("checkout-path",
                List.of("frontend->cartservice"), 10.0, 4.0, 2, null)), null);
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new CommandGate(
                new Grouping(config), Set.of(), Set.of("checkout-path", "canary-5.1"), 20, limits)),
                (ParsedRecord<ControlCommand> r) -> CommandGate.KEY, (PairPresence p) -> CommandGate.KEY, Types.STRING);
        h.open();
        return h;
    }

    private static ParsedRecord<ControlCommand> command(String json, int offset) throws Exception {
        try {
            return ParsedRecord.ok("control", 0, offset, ControlCommandParser.parse(
                    json.getBytes(StandardCharsets.UTF_8), T.toEpochMilli(), "control-0-" + offset));
        } catch (io.incidentdetector.connectors.file.InvalidRecordException e) {
            return ParsedRecord.failed("control", 0, offset, json.getBytes(StandardCharsets.UTF_8), e.getMessage());
        }
    }

    private static List<ControlAudit> audit(KeyedTwoInputStreamOperatorTestHarness<String,
            ParsedRecord<ControlCommand>, PairPresence, ControlCommand> h) {
        return h.getSideOutput(CommandGate.AUDIT).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aCommandWaitsForItsTimeThenIsCheckedAgainstThePairsKnownThen() throws Exception {
        try (var h = harness()) {
            h.processElement1(command("{\"command\":\"set-threshold\",\"service\":\"cartservice\",\"threshold\":9}", 1),
                    T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli() - 1));
            assertThat(h.extractOutputValues()).as("before its time").isEmpty();
            h.processElement2(new PairPresence("frontend->cartservice", T.toEpochMilli() - 5, true), 0);
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(h.extractOutputValues()).singleElement().satisfies(c -> assertThat(c.threshold()).isEqualTo(9));
            assertThat(audit(h)).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(ControlAudit.APPLIED);
                assertThat(a.id()).isEqualTo("control-0-1");
                assertThat(a.reason()).isEqualTo("threshold of service cartservice is 9.0 from " + T);
            });
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aCommandRefusedForItsTimeIsRejectedAtOnceNamingTheCommand() throws Exception {
        try (var h = harness()) {
            ControlCommand future = command("{\"id\":\"s9\",\"command\":\"silence\",\"service\":\"cartservice\","
                    + "\"at\":\"2090-01-01T00:00:00Z\",\"until\":\"2090-01-02T00:00:00Z\"}", 3).value();
            h.processElement1(ParsedRecord.refused("control", 0, 3, future, new byte[0],
                    "event time 2090-01-01T00:00:00Z is ahead of the wall clock"), T.toEpochMilli());
            assertThat(audit(h)).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(ControlAudit.REJECTED);
                assertThat(a.id()).isEqualTo("s9");
                assertThat(a.command()).isEqualTo("silence");
                assertThat(a.target()).isEqualTo("service cartservice");
                assertThat(a.reason()).isEqualTo("event time 2090-01-01T00:00:00Z is ahead of the wall clock");
                assertThat(a.at()).as("its record's time, not 2090 (the audit's Kafka timestamp)").isEqualTo(T);
            });
            assertThat(h.numEventTimeTimers()).as("nothing waits for 2090").isZero();
            h.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(audit(h)).hasSize(1);
        }
    }

    @Test
    void unknownTargetsMalformedRecordsAndUnreachableThresholdsAreRejectedWithTheReason() throws Exception {
        try (var h = harness()) {
            h.processElement2(new PairPresence("frontend->cartservice", 0, true), 0);
            h.processElement2(new PairPresence("frontend->adservice", 0, true), 0);
            h.processElement2(new PairPresence("frontend->adservice", 1, false), 0);
            h.processElement1(command("{\"command\":\"silence\",\"pair\":\"frontend->adservice\","
                    + "\"until\":\"2026-01-01T01:00:00Z\"}", 1), T.toEpochMilli());
            h.processElement1(command("{\"command\":\"set-threshold\",\"group\":\"nobody\",\"threshold\":9}", 2),
                    T.toEpochMilli());
            h.processElement1(command("{\"command\":\"set-threshold\",\"pair\":\"frontend->cartservice\","
                    + "\"threshold\":25}", 3), T.toEpochMilli());
            h.processElement1(command("{\"command\":\"mute\"}", 4), T.toEpochMilli());
            h.processElement1(command("{\"command\":\"silence\",\"group\":\"dst:cartservice\","
                    + "\"until\":\"2026-01-01T01:00:00Z\",\"mode\":\"suppress\"}", 5), T.toEpochMilli());
            h.processElement1(command("{\"command\":\"silence\",\"group\":\"canary-5.1\","
                    + "\"until\":\"2026-01-01T01:00:00Z\"}", 6), T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(audit(h)).extracting(ControlAudit::outcome, ControlAudit::reason).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(ControlAudit.REJECTED,
                            "unknown command 'mute'; use set-threshold, silence, acknowledge or resolve"),
                    org.assertj.core.groups.Tuple.tuple(ControlAudit.REJECTED, "no pair frontend->adservice is known at "
                            + T + " (configured or seen in the input)"),
                    org.assertj.core.groups.Tuple.tuple(ControlAudit.REJECTED, "no group nobody is known at " + T
                            + " (configured, the canary's, or made by a grouping rule from a pair seen)"),
                    org.assertj.core.groups.Tuple.tuple(ControlAudit.REJECTED, "threshold 25.0 is not below"
                            + " latency.accumulator.max (20.0): the pair could never be hot"),
                    org.assertj.core.groups.Tuple.tuple(ControlAudit.APPLIED, "incidents of group dst:cartservice"
                            + " opened from " + T + " to 2026-01-01T01:00:00Z are held back"),
                    org.assertj.core.groups.Tuple.tuple(ControlAudit.APPLIED, "incidents of group canary-5.1 from "
                            + T + " to 2026-01-01T01:00:00Z are marked silenced and not notified"));
            assertThat(audit(h).get(0).text()).isEqualTo("{\"command\":\"mute\"}");
            assertThat(h.extractOutputValues()).extracting(ControlCommand::group)
                    .containsExactly("dst:cartservice", "canary-5.1");
        }
    }

    @Test
    void acknowledgeAndResolvePassToTheIncidentStageUnaudited() throws Exception {
        try (var h = harness()) {
            h.processElement1(command("{\"command\":\"acknowledge\",\"incident\":\"latency-x-1\",\"by\":\"ann\"}", 1),
                    T.toEpochMilli());
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(h.extractOutputValues()).extracting(ControlCommand::incident).containsExactly("latency-x-1");
            assertThat(h.getSideOutput(CommandGate.AUDIT)).isNull();
        }
    }

    @Test
    void aLateCommandIsCheckedAtOnceAndAServiceThresholdNeedsCallsToTheService() throws Exception {
        try (var h = harness()) {
            h.processElement2(new PairPresence("frontend->cartservice", 0, true), 0);
            h.processBothWatermarks(new Watermark(T.toEpochMilli() + 3_600_000));
            h.processElement1(command("{\"command\":\"set-threshold\",\"service\":\"frontend\",\"threshold\":9}", 1),
                    T.toEpochMilli());
            h.processElement1(command("{\"command\":\"set-threshold\",\"service\":\"cartservice\",\"threshold\":9}",
                    2), T.toEpochMilli());
            assertThat(audit(h)).extracting(ControlAudit::outcome).containsExactly(ControlAudit.REJECTED,
                    ControlAudit.APPLIED);
            assertThat(audit(h).get(0).reason()).startsWith("no pair calls service frontend");
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSilenceLongerThanMaxSilenceIsRejectedAtOnceWithTheReason() throws Exception {
        try (var h = harness()) {
            h.processElement1(command("{\"command\":\"silence\",\"group\":\"checkout-path\","
                    + "\"until\":\"2199-12-31T00:00:00Z\"}", 1), T.toEpochMilli());
            h.processElement1(command("{\"command\":\"silence\",\"group\":\"checkout-path\","
                    + "\"until\":\"2026-01-31T00:10:00Z\"}", 2), T.toEpochMilli());
            assertThat(audit(h)).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo("control-0-1");
                assertThat(a.outcome()).isEqualTo(ControlAudit.REJECTED);
                assertThat(a.reason()).isEqualTo("the silence from " + T + " to 2199-12-31T00:00:00Z lasts 63,551.0"
                        + " days, longer than control.max-silence (30 d). Fix: silence at most that long, and send the"
                        + " silence again with the same id to extend it");
            });
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(h.extractOutputValues()).as("30 days exactly is allowed").extracting(ControlCommand::id)
                    .containsExactly("control-0-2");
        }
    }

    @Test
    void beyondMaxWaitingACommandIsRejectedAndTheWaitingOnesStillApply() throws Exception {
        try (var h = harness(new ControlConfig(2, null, null))) {
            for (int i = 1; i <= 3; i++) {
                h.processElement1(command("{\"command\":\"set-threshold\",\"group\":\"checkout-path\","
                        + "\"threshold\":" + (10 + i) + ",\"at\":\"" + T.plusSeconds(60L * i) + "\"}", i),
                        T.toEpochMilli());
            }
            assertThat(audit(h)).singleElement().satisfies(a -> {
                assertThat(a.id()).isEqualTo("control-0-3");
                assertThat(a.outcome()).isEqualTo(ControlAudit.REJECTED);
                assertThat(a.reason()).isEqualTo("control.max-waiting (2) commands already wait for their time (the"
                        + " earliest is due at " + T.plusSeconds(60) + "), so this one, due at " + T.plusSeconds(180)
                        + ", is not held. Fix: send it when it is due, or raise control.max-waiting");
            });
            h.processBothWatermarks(new Watermark(T.toEpochMilli() + 3_600_000));
            assertThat(h.extractOutputValues()).extracting(ControlCommand::threshold).containsExactly(11.0, 12.0);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(KeyedStateEntries.of(h)).as("nothing waits any more").isZero();
        }
    }

    @Test
    void aThresholdOutsideTheConfiguredRangeIsRejectedAtOnce() throws Exception {
        try (var h = harness(new ControlConfig(null, null, null, null, null, 2.0, 50.0))) {
            h.processElement1(command("{\"command\":\"set-threshold\",\"group\":\"checkout-path\","
                    + "\"threshold\":1000000}", 1), T.toEpochMilli());
            h.processElement1(command("{\"command\":\"set-threshold\",\"group\":\"checkout-path\","
                    + "\"threshold\":1.5}", 2), T.toEpochMilli());
            h.processElement1(command("{\"command\":\"set-threshold\",\"group\":\"checkout-path\","
                    + "\"threshold\":50}", 3), T.toEpochMilli());
            assertThat(audit(h)).hasSize(2).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(ControlAudit.REJECTED))
                    .extracting(ControlAudit::reason).containsExactly("threshold 1000000.0 is outside"
                            + " control.min-threshold to control.max-threshold (2.0 to 50.0). Fix: set a threshold in"
                            + " that range, or change the range in the configuration", "threshold 1.5 is outside"
                            + " control.min-threshold to control.max-threshold (2.0 to 50.0). Fix: set a threshold in"
                            + " that range, or change the range in the configuration");
            h.processBothWatermarks(new Watermark(T.toEpochMilli()));
            assertThat(h.extractOutputValues()).extracting(ControlCommand::threshold).containsExactly(50.0);
        }
    }
}
