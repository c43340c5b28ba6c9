package io.incidentdetector.event;

import io.incidentdetector.connectors.file.InvalidRecordException;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlCommandParserTest {

    private static final long KAFKA_TIME = Instant.parse("2026-01-01T00:30:00Z").toEpochMilli();

    private static ControlCommand parse(String json) throws InvalidRecordException {
        return ControlCommandParser.parse(json.getBytes(StandardCharsets.UTF_8), KAFKA_TIME, "control-0-9");
    }

    @Test
    void everyCommandIsRead() throws Exception {
        ControlCommand threshold = parse("{\"command\":\"set-threshold\",\"pair\":\"frontend:cartservice\","
                + "\"threshold\":8}");
        assertThat(threshold.kind()).isEqualTo(ControlCommand.Kind.SET_THRESHOLD);
        assertThat(threshold.pair()).isEqualTo("frontend->cartservice");
        assertThat(threshold.id()).isEqualTo("control-0-9");
        assertThat(threshold.at()).isEqualTo(Instant.ofEpochMilli(KAFKA_TIME));

        ControlCommand group = parse("{\"id\":\"c7\",\"at\":\"2026-01-01T00:00:00Z\",\"command\":\"set-threshold\","
                + "\"group\":\"checkout-path\",\"threshold\":14,\"resolve-below\":5}");
        assertThat(group.id()).isEqualTo("c7");
        assertThat(group.resolveBelow()).isEqualTo(5.0);
        assertThat(group.target()).isEqualTo("group checkout-path");

        ControlCommand silence = parse("{\"command\":\"silence\",\"service\":\"cartservice\","
                + "\"until\":\"2026-01-01T02:00:00Z\",\"mode\":\"suppress\",\"by\":\"ann\",\"reason\":\"upgrade\"}");
        assertThat(silence.from()).isEqualTo(silence.at());
        assertThat(silence.suppress()).isTrue();
        assertThat(silence.covers("cartservice->redis")).isTrue();
        assertThat(silence.covers("frontend->cartservice")).isTrue();
        assertThat(silence.covers("frontend->adservice")).isFalse();
        assertThat(silence.during(Instant.parse("2026-01-01T02:00:00Z"))).isFalse();

        assertThat(parse("{\"command\":\"acknowledge\",\"incident\":\"latency-x-1\"}").incident())
                .isEqualTo("latency-x-1");
        assertThat(parse("{\"command\":\"resolve\",\"incident\":\"latency-x-1\",\"reason\":\"rolled back\"}").reason())
                .isEqualTo("rolled back");
    }

    @Test
    void badCommandsAreRefusedNamingTheField() {
        assertRefused("not json", "not JSON");
        assertRefused("[1]", "a command is a JSON object");
        assertRefused("{\"command\":\"silence\",\"service\":\"a\",\"untill\":\"x\"}", "unknown field 'untill'");
        assertRefused("{\"pair\":\"a->b\"}", "missing field 'command'");
        assertRefused("{\"command\":\"set-threshold\",\"threshold\":3}", "name exactly one of 'pair', 'service' or"
                + " 'group' (got 0)");
        assertRefused("{\"command\":\"set-threshold\",\"pair\":\"a->b\",\"group\":\"g\",\"threshold\":3}",
                "(got 2)");
        assertRefused("{\"command\":\"set-threshold\",\"pair\":\"ab\",\"threshold\":3}", "'pair': 'ab' is not a"
                + " service pair");
        assertRefused("{\"command\":\"set-threshold\",\"pair\":\"a->b\",\"threshold\":0}", "'threshold' must be > 0");
        assertRefused("{\"command\":\"set-threshold\",\"pair\":\"a->b\",\"threshold\":\"high\"}",
                "'threshold' must be a number");
        assertRefused("{\"command\":\"set-threshold\",\"pair\":\"a->b\",\"threshold\":3,\"resolve-below\":1}",
                "'resolve-below' applies to a group only");
        assertRefused("{\"command\":\"set-threshold\",\"group\":\"g\",\"threshold\":3,\"resolve-below\":4}",
                "'resolve-below' must be >= 0 and below 'threshold'");
        assertRefused("{\"command\":\"silence\",\"service\":\"a\"}", "missing field 'until'");
        assertRefused("{\"command\":\"silence\",\"service\":\"a\",\"until\":\"tomorrow\"}",
                "'until' must be an ISO-8601 time");
        assertRefused("{\"command\":\"silence\",\"service\":\"a\",\"from\":\"2026-01-01T03:00:00Z\","
                + "\"until\":\"2026-01-01T02:00:00Z\"}", "must be after 'from'");
        assertRefused("{\"command\":\"silence\",\"service\":\"a\",\"until\":\"2026-01-01T02:00:00Z\",\"mode\":\"x\"}",
                "'mode' must be mark or suppress");
        assertRefused("{\"command\":\"acknowledge\"}", "missing field 'incident'");
        assertRefused("{\"command\":\"acknowledge\",\"incident\":\"i\",\"at\":\"+20266-01-01T00:00:00Z\"}",
                "'at' must be between 2000-01-01T00:00:00Z and 2200-01-01T00:00:00Z");
        assertRefused("{\"command\":\"silence\",\"service\":\"a\",\"until\":\"+300000000-01-01T00:00:00Z\"}",
                "'until' must be");
        assertRefused("{\"command\":\"silence\",\"service\":\"a\",\"until\":\"1999-12-31T23:59:59Z\"}",
                "'until' must be between");
        assertRefused("{\"command\":\"resolve\",\"incident\":\"i\",\"service\":\"a\"}",
                "'service' does not apply to resolve");
        assertRefused("{\"command\":\"silence\",\"service\":\"a->b\",\"until\":\"2026-01-01T02:00:00Z\"}",
                "'service' is not a service name");
    }

    @Test
    void aTextFieldIsAtMostAThousandCharactersAndAQuotedValueIsShownCut() {
        String huge = "x".repeat(600_000);
        assertRefused("{\"command\":\"acknowledge\",\"incident\":\"i\",\"by\":\"" + huge + "\"}",
                "'by' is 600,000 characters long; at most 1,000 are allowed");
        assertRefused("{\"command\":\"acknowledge\",\"incident\":\"" + huge + "\"}", "'incident' is 600,000");
        assertRefused("{\"command\":\"silence\",\"group\":\"" + "g".repeat(1_001)
                + "\",\"until\":\"2026-01-01T02:00:00Z\"}", "'group' is 1,001 characters long");
        assertThatThrownBy(() -> parse("{\"command\":\"" + "c".repeat(900) + "\"}")).message().hasSizeLessThan(300)
                .startsWith("unknown command '" + "c".repeat(100) + "… (900 chars)'");
        assertThatThrownBy(() -> parse("{\"" + huge + "\":1}")).message().hasSizeLessThan(400);
        assertThatThrownBy(() -> parse("{\"command\":\"acknowledge\",\"incident\":\"i\",\"at\":\"" + huge + "\"}"))
                .message().contains("'at' is 600,000 characters long");
    }

    /** Found by the fuzz suite: a pair's services were not checked as names, as a 'service' is. */
    @Test
    void aPairOfServicesThatAreNotNamesIsRefused() throws Exception {
        assertRefused("{\"command\":\"set-threshold\",\"pair\":\"a->b->c\",\"threshold\":3}",
                "'pair' is not a pair of service names: 'b->c' contains '->'");
        assertRefused("{\"command\":\"set-threshold\",\"pair\":\"a\\u0000a->b\",\"threshold\":3}",
                "'pair' is not a pair of service names: 'a\u0000a' contains the unprintable character U+0000 at 1");
        assertRefused("{\"command\":\"set-threshold\",\"pair\":\"a->" + "b".repeat(254) + "\",\"threshold\":3}",
                "is 254 characters long");
        assertThat(parse("{\"command\":\"set-threshold\",\"pair\":\" a : b \",\"threshold\":3}").pair())
                .isEqualTo("a->b");
    }

    private static void assertRefused(String json, String reason) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidRecordException.class).hasMessageContaining(reason);
    }
}
