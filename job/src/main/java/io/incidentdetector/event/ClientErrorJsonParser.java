package io.incidentdetector.event;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.file.LineParser;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parses {@code {"timestamp":"2026-01-01T00:00:01Z","build":"5.0007.610.011","code":3,"client":"c-17"}};
 * {@code timestamp} is ISO-8601 or epoch milliseconds (same rules as service-call events), {@code build} follows the
 * rules of a service name ({@link ServiceNames}), {@code client} is optional.
 */
public final class ClientErrorJsonParser implements LineParser<ClientErrorEvent> {

    private static final long serialVersionUID = 1L;

    static final int MAX_LENGTH = ServiceNames.MAX_LENGTH;

    private transient FastJsonEvents fast;

    @Override
    public ClientErrorEvent parse(String line) throws InvalidRecordException {
        if (fast == null) {
            fast = new FastJsonEvents();
        }
        InputEvent event = fast.read(line, false, true);
        return event != null ? event.error() : fromJson(EventTimes.object(line));
    }

    /** The event in a JSON object already parsed (e.g. one whose {@code type} field was read first). */
    public static ClientErrorEvent fromJson(JsonNode node) throws InvalidRecordException {
        long timestamp = EventTimes.timestamp(node.get("timestamp"));
        JsonNode build = node.get("build");
        if (build == null || !build.isTextual() || build.asText().isBlank()) {
            throw new InvalidRecordException(build == null ? "missing field 'build'"
                    : "'build' must be a non-empty string, got " + Shown.json(build));
        }
        String problem = ServiceNames.problem(build.asText());
        if (problem != null) {
            throw new InvalidRecordException("'build' is not a build name: it " + problem);
        }
        JsonNode code = node.get("code");
        if (code == null || code.isNull()) {
            throw new InvalidRecordException("missing field 'code'");
        }
        if (!code.isIntegralNumber() || !code.canConvertToInt()) {
            throw new InvalidRecordException("'code' must be an integer, got " + Shown.json(code));
        }
        JsonNode client = node.get("client");
        String clientText = client == null || client.isNull() ? null : client.asText();
        checkLength("client", clientText);
        return new ClientErrorEvent(timestamp, build.asText(), code.intValue(), clientText);
    }

    /** A client id of at most {@value #MAX_LENGTH} characters: it is copied into the late-events output. */
    static void checkLength(String field, String value) throws InvalidRecordException {
        if (value != null && value.length() > MAX_LENGTH) {
            throw new InvalidRecordException("'" + field + "' is " + Shown.count(value.length())
                    + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
    }
}
