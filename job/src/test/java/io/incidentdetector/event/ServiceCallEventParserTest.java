package io.incidentdetector.event;

import io.incidentdetector.connectors.file.InvalidRecordException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceCallEventParserTest {

    private final ServiceCallEventParser parser = new ServiceCallEventParser();

    @Test
    void parsesIsoAndEpochTimestamps() throws InvalidRecordException {
        assertThat(parser.parse("{\"timestamp\":\"2026-01-01T00:00:00.250Z\",\"source\":\"frontend\","
                + "\"destination\":\"cartservice\",\"latencyMs\":8.5,\"status\":200,\"extra\":true}"))
                .isEqualTo(new ServiceCallEvent(1767225600250L, "frontend", "cartservice", 8.5, 200));
        assertThat(parser.parse("{\"timestamp\":1767225600000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":0}"))
                .isEqualTo(new ServiceCallEvent(1767225600000L, "a", "b", 0, 0));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "not json | not JSON",
            "[1,2] | not a JSON object",
            "{\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1} | missing field 'timestamp'",
            "{\"timestamp\":1767225600000,\"destination\":\"b\",\"latencyMs\":1} | missing field 'source'",
            "{\"timestamp\":1767225600000,\"source\":\"\",\"destination\":\"b\",\"latencyMs\":1} | 'source' must be a non-empty string",
            "{\"timestamp\":1767225600000,\"source\":\"a\",\"destination\":\"b\"} | missing field 'latencyMs'",
            "{\"timestamp\":1767225600000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":\"fast\"} | 'latencyMs' must be a number",
            "{\"timestamp\":1767225600000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":-1} | 'latencyMs' must be a finite number >= 0",
            "{\"timestamp\":1767225600000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":NaN} | not JSON",
            "{\"timestamp\":1767225600,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1} | looks like epoch seconds",
            "{\"timestamp\":\"2206-01-01T00:00:00Z\",\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1} | outside the plausible range",
            "{\"timestamp\":\"monday\",\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1} | 'timestamp' is not ISO-8601",
            "{\"timestamp\":1767225600000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":1,\"status\":\"ok\"} | 'status' must be an integer"})
    void rejectsWithAReasonNamingTheField(String line, String reason) {
        assertThatThrownBy(() -> parser.parse(line)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);
    }

    /** The first case: a 600 KB value used to be quoted whole, making a 1.2 MB dead letter. */
    @Test
    void aHugeOffendingValueIsShownCutWithItsLength() {
        String huge = "a".repeat(600_012);
        String line = "{\"timestamp\":1767225600000,\"source\":\"a\",\"destination\":\"b\",\"latencyMs\":\"" + huge
                + "\"}";
        assertThatThrownBy(() -> parser.parse(line)).isInstanceOf(InvalidRecordException.class)
                .hasMessage("'latencyMs' must be a number, got \"" + "a".repeat(100) + "…\" (600,012 chars)");
        assertThatThrownBy(() -> parser.parse("{\"timestamp\":\"" + huge + "\",\"source\":\"a\",\"destination\":\"b\","
                + "\"latencyMs\":1}")).hasMessageEndingWith("…\" (600,012 chars)").message().hasSizeLessThan(300);
        assertThatThrownBy(() -> parser.parse("{\"timestamp\":1767225600000,\"source\":\"a\",\"destination\":\"b\","
                + "\"latencyMs\":1,\"status\":[\"" + huge + "\"]}")).message().hasSizeLessThan(300)
                .contains("(600,016 chars)");
    }
}
