package io.incidentdetector.event;

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
                    : "'build' must be a non-empty string, got " + build);
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
            throw new InvalidRecordException("'code' must be an integer, got " + code);
        }
        JsonNode client = node.get("client");
        return new ClientErrorEvent(timestamp, build.asText(), code.intValue(),
                client == null || client.isNull() ? null : client.asText());
    }
}
