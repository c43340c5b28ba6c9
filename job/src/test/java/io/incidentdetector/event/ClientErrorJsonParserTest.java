package io.incidentdetector.event;

import io.incidentdetector.connectors.file.InvalidRecordException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientErrorJsonParserTest {

    private final ClientErrorJsonParser parser = new ClientErrorJsonParser();

    @Test
    void readsTheRecordWithAndWithoutClient() throws InvalidRecordException {
        assertThat(parser.parse("{\"timestamp\":\"2026-01-01T00:00:01Z\",\"build\":\"5.1\",\"code\":-3,\"client\":\"c-1\"}"))
                .isEqualTo(new ClientErrorEvent(1767225601000L, "5.1", -3, "c-1"));
        assertThat(parser.parse("{\"timestamp\":1767225601000,\"build\":\"5.1\",\"code\":4}"))
                .isEqualTo(new ClientErrorEvent(1767225601000L, "5.1", 4, null));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"timestamp\":1767225601000,\"code\":4} | missing field 'build'",
            "{\"timestamp\":1767225601000,\"build\":\"\",\"code\":4} | 'build' must be a non-empty string",
            "{\"timestamp\":1767225601000,\"build\":\"5.1\"} | missing field 'code'",
            "{\"timestamp\":1767225601000,\"build\":\"5.1\",\"code\":\"4\"} | 'code' must be an integer",
            "{\"timestamp\":1767225601,\"build\":\"5.1\",\"code\":4} | looks like epoch seconds",
            "[] | not a JSON object",
            "{\"timestamp\":1767225601000,\"build\":\"5.1\",\"code\":4.5e300} | 'code' must be an integer, got 4.5E3"})
    void rejectsWithAReason(String line, String reason) {
        assertThatThrownBy(() -> parser.parse(line)).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aClientIdIsAtMostAsLongAsAName() throws InvalidRecordException {
        String line = "{\"timestamp\":1767225601000,\"build\":\"5.1\",\"code\":4,\"client\":\"%s\"}";
        assertThat(parser.parse(line.formatted("c".repeat(253))).client()).hasSize(253);
        assertThatThrownBy(() -> parser.parse(line.formatted("c".repeat(900_000))))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessage("'client' is 900,000 characters long; at most 253 are allowed");
        assertThatThrownBy(() -> new InputEventParser(false, true).parse(line.formatted("c".repeat(900_000))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))).hasMessageContaining("'client' is 900,000");
    }

    /** Found by the fuzz suite: a build is checked as a name, as the fast path already did. */
    @Test
    void aBuildThatIsNotANameIsRefused() {
        for (String build : new String[] {"5.1\\u0000", "5.1\\ud800", " 5.1", "x".repeat(254)}) {
            String line = "{\"timestamp\":1767225601000,\"build\":\"" + build + "\",\"code\":4}";
            assertThatThrownBy(() -> parser.parse(line)).isInstanceOf(InvalidRecordException.class)
                    .hasMessageStartingWith("'build' is not a build name: it ");
        }
        assertThatThrownBy(() -> parser.parse("{\"timestamp\":1767225601000,\"build\":\"5.1\\u0000\",\"code\":4}"))
                .hasMessage("'build' is not a build name: it contains the unprintable character U+0000 at 3");
    }
}
