package io.incidentdetector.event;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.file.LineParser;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parses the records of one input topic. A topic that carries one kind needs no {@code type} field (if present it
 * must match); a topic that carries both needs it on every record.
 */
public final class InputEventParser implements LineParser<InputEvent> {

    private static final long serialVersionUID = 1L;

    private final boolean calls;
    private final boolean errors;
    private transient FastJsonEvents fast;

    public InputEventParser(boolean serviceCalls, boolean clientErrors) {
        if (!serviceCalls && !clientErrors) {
            throw new IllegalArgumentException("a topic must carry at least one kind of event");
        }
        this.calls = serviceCalls;
        this.errors = clientErrors;
    }

    @Override
    public InputEvent parse(byte[] utf8) throws InvalidRecordException {
        InputEvent event = fast().read(utf8, calls, errors);
        return event != null ? event : LineParser.super.parse(utf8);
    }

    @Override
    public InputEvent parse(String line) throws InvalidRecordException {
        InputEvent event = fast().read(line, calls, errors);
        return event != null ? event : thoroughly(line);
    }

    private FastJsonEvents fast() {
        if (fast == null) {
            fast = new FastJsonEvents();
        }
        return fast;
    }

    /** Every rule checked in turn, so that a bad record gets the reason. */
    private InputEvent thoroughly(String line) throws InvalidRecordException {
        JsonNode node = EventTimes.object(line);
        JsonNode typeNode = node.get("type");
        String type;
        if (typeNode == null || typeNode.isNull()) {
            if (calls && errors) {
                throw new InvalidRecordException("missing field 'type': this topic carries both kinds of event."
                        + " Use \"" + InputEvent.SERVICE_CALL + "\" or \"" + InputEvent.CLIENT_ERROR + "\"");
            }
            type = calls ? InputEvent.SERVICE_CALL : InputEvent.CLIENT_ERROR;
        } else {
            type = typeNode.asText();
        }
        if (InputEvent.SERVICE_CALL.equals(type) && calls) {
            return InputEvent.of(ServiceCallEventParser.fromJson(node));
        }
        if (InputEvent.CLIENT_ERROR.equals(type) && errors) {
            return InputEvent.of(ClientErrorJsonParser.fromJson(node));
        }
        throw new InvalidRecordException("'type' is " + Shown.json(typeNode) + ", but this topic carries "
                + (calls && errors ? "\"" + InputEvent.SERVICE_CALL + "\" or \"" + InputEvent.CLIENT_ERROR + "\""
                        : "\"" + (calls ? InputEvent.SERVICE_CALL : InputEvent.CLIENT_ERROR) + "\" only"));
    }
}
