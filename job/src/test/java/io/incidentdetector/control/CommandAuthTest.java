package io.incidentdetector.control;

import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ControlCommandParser;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays and the rate of commands, through Flink's operator harness, across a restore from a snapshot. */
class CommandAuthTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    private static KeyedOneInputStreamOperatorTestHarness<String, ParsedRecord<ReceivedCommand>,
            ParsedRecord<ControlCommand>> harness(ControlConfig limits, OperatorSubtaskState restored)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new CommandAuth(limits)),
                (ParsedRecord<ReceivedCommand> r) -> CommandAuth.KEY, Types.STRING);
        if (restored != null) {
            h.initializeState(restored);
        }
        h.open();
        return h;
    }

    private static ParsedRecord<ReceivedCommand> signed(String id, String signature, Instant at, Instant readAt)
            throws Exception {
        ControlCommand c = ControlCommandParser.parse(("{\"id\":\"" + id + "\",\"at\":\"" + at + "\",\"command\":"
                + "\"acknowledge\",\"incident\":\"i\"}").getBytes(StandardCharsets.UTF_8), 0, "control-0-1");
        return ParsedRecord.ok("control", 0, 1, new ReceivedCommand(c.withBy("oncall"), "oncall", signature,
                readAt.toEpochMilli()));
    }

    private static List<String> outcomes(KeyedOneInputStreamOperatorTestHarness<String,
            ParsedRecord<ReceivedCommand>, ParsedRecord<ControlCommand>> h) {
        return h.extractOutputValues().stream().map(r -> r.value().id() + " " + (r.isValid() ? "ok"
                : r.error().startsWith("control.max-commands-per-minute") ? "over the rate"
                : r.error().substring(0, r.error().indexOf(':')))).toList();
    }

    @Test
    void aCopyOfASignedCommandIsRefusedAsReplayedEvenAfterARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(ControlConfig.defaults(), null)) {
            h.processElement(signed("a1", "aa", T, T), T.toEpochMilli());
            h.processElement(signed("a1", "aa", T, T.plusSeconds(10)), T.toEpochMilli());
            h.processElement(signed("a1", "bb", T, T.plusSeconds(20)), T.toEpochMilli());
            assertThat(outcomes(h)).as("the same id signed anew (a silence extended) is another command")
                    .containsExactly("a1 ok", "a1 replayed", "a1 ok");
            assertThat(h.extractOutputValues().get(1).error()).isEqualTo("replayed: command 'a1' signed by 'oncall'"
                    + " with this signature was read before, within control.auth.max-age of its 'at' (" + T + "); a"
                    + " command applies once. Fix: to send it again, sign it anew with a new 'at'");
            snapshot = h.snapshot(1, T.toEpochMilli());
        }
        try (var h = harness(ControlConfig.defaults(), snapshot)) {
            h.processElement(signed("a1", "aa", T, T.plusSeconds(60)), T.toEpochMilli());
            h.processElement(signed("b1", "cc", T, T.plusSeconds(60)), T.toEpochMilli());
            assertThat(outcomes(h)).containsExactly("a1 replayed", "b1 ok");
            h.processElement(signed("c1", "dd", T.plusSeconds(600), T.plusSeconds(600)), T.toEpochMilli());
            assertThat(outcomes(h)).as("commands older than max-age are forgotten (the source expires their copies)")
                    .containsExactly("a1 replayed", "b1 ok", "c1 ok");
        }
    }

    @Test
    void beyondMaxCommandsPerMinuteOfAKeyACommandIsRefusedAndAMinuteLaterOneApplies() throws Exception {
        ControlConfig limits = new ControlConfig(null, null, null, new ControlAuthConfig(false, Duration.ofMinutes(5),
                null), 2, null, null);
        try (var h = harness(limits, null)) {
            h.processElement(signed("a", "01", T, T), T.toEpochMilli());
            h.processElement(signed("b", "02", T, T.plusSeconds(1)), T.toEpochMilli());
            h.processElement(signed("c", "03", T, T.plusSeconds(2)), T.toEpochMilli());
            h.processElement(signed("d", "04", T, T.plusSeconds(61)), T.toEpochMilli());
            assertThat(outcomes(h)).containsExactly("a ok", "b ok", "c over the rate", "d ok");
            assertThat(h.extractOutputValues().get(2).error()).isEqualTo("control.max-commands-per-minute (2)"
                    + " commands of key 'oncall' were read in the minute before 2026-12-07T12:00:02Z, so this one is not"
                    + " applied. Fix: send it again in a minute, or raise control.max-commands-per-minute");
        }
    }
}
