package io.incidentdetector.event;

import io.incidentdetector.connectors.file.InvalidRecordException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputEventParserTest {

    static final String CALL = "\"timestamp\":\"2026-01-01T00:00:01Z\",\"source\":\"frontend\","
            + "\"destination\":\"cartservice\",\"latencyMs\":8.5";
    static final String ERROR = "\"timestamp\":\"2026-01-01T00:00:01Z\",\"build\":\"5.0007.610.011\",\"code\":3";

    @Test
    void aTopicOfOneKindNeedsNoTypeField() throws InvalidRecordException {
        InputEvent call = new InputEventParser(true, false).parse("{" + CALL + "}");
        assertThat(call.call()).isEqualTo(new ServiceCallEvent(1_767_225_601_000L, "frontend", "cartservice", 8.5, 0));
        assertThat(call.error()).isNull();
        InputEvent error = new InputEventParser(false, true).parse("{" + ERROR + "}");
        assertThat(error.error()).isEqualTo(new ClientErrorEvent(1_767_225_601_000L, "5.0007.610.011", 3, null));
        assertThat(error.timestamp()).isEqualTo(1_767_225_601_000L);
    }

    @Test
    void aTopicOfBothKindsRoutesByType() throws InvalidRecordException {
        InputEventParser both = new InputEventParser(true, true);
        assertThat(both.parse("{\"type\":\"service-call\"," + CALL + "}").call()).isNotNull();
        assertThat(both.parse("{\"type\":\"client-error\"," + ERROR + "}").error()).isNotNull();
        assertThatThrownBy(() -> both.parse("{" + CALL + "}"))
                .hasMessageContaining("missing field 'type': this topic carries both kinds of event");
        assertThatThrownBy(() -> both.parse("{\"type\":\"metric\"," + CALL + "}"))
                .hasMessageContaining("'type' is \"metric\", but this topic carries \"service-call\" or \"client-error\"");
    }

    @Test
    void aRecordOfTheOtherKindOnADedicatedTopicIsRejected() {
        assertThatThrownBy(() -> new InputEventParser(true, false).parse("{\"type\":\"client-error\"," + ERROR + "}"))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("this topic carries \"service-call\" only");
    }

    @Test
    void fieldErrorsOfTheEventItselfAreKept() {
        assertThatThrownBy(() -> new InputEventParser(true, true).parse(
                "{\"type\":\"service-call\",\"timestamp\":\"2026-01-01T00:00:01Z\",\"source\":\"a\",\"destination\":\"b\","
                        + "\"latencyMs\":-1}"))
                .hasMessageContaining("'latencyMs' must be a finite number >= 0");
    }
}
