package io.incidentdetector.event;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.file.LineParser;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * Parses one JSON object into a {@link ServiceCallEvent}:
 * {@code {"timestamp":"2026-01-01T00:00:00.250Z","source":"frontend","destination":"cartservice","latencyMs":8.1,"status":200}}.
 * {@code timestamp} is ISO-8601 or epoch milliseconds; {@code status} is optional. Anything else is rejected
 * with a reason that names the field.
 */
public final class ServiceCallEventParser implements LineParser<ServiceCallEvent> {

    private static final long serialVersionUID = 1L;

    private transient FastJsonEvents fast;

    @Override
    public ServiceCallEvent parse(String line) throws InvalidRecordException {
        if (fast == null) {
            fast = new FastJsonEvents();
        }
        InputEvent event = fast.read(line, true, false);
        return event != null ? event.call() : fromJson(EventTimes.object(line));
    }

    /** The event in a JSON object already parsed (e.g. one whose {@code type} field was read first). */
    public static ServiceCallEvent fromJson(JsonNode node) throws InvalidRecordException {
        long timestamp = EventTimes.timestamp(node.get("timestamp"));
        String source = text(node, "source");
        String destination = text(node, "destination");
        JsonNode latency = node.get("latencyMs");
        if (latency == null || latency.isNull()) {
            throw new InvalidRecordException("missing field 'latencyMs'");
        }
        if (!latency.isNumber()) {
            throw new InvalidRecordException("'latencyMs' must be a number, got " + Shown.json(latency));
        }
        double latencyMs = latency.doubleValue();
        if (!Double.isFinite(latencyMs) || latencyMs < 0) {
            throw new InvalidRecordException("'latencyMs' must be a finite number >= 0, got " + latencyMs);
        }
        int status = 0;
        JsonNode statusNode = node.get("status");
        if (statusNode != null && !statusNode.isNull()) {
            if (!statusNode.isIntegralNumber() || !statusNode.canConvertToInt()) {
                throw new InvalidRecordException("'status' must be an integer, got " + Shown.json(statusNode));
            }
            status = statusNode.intValue();
        }
        return new ServiceCallEvent(timestamp, source, destination, latencyMs, status);
    }

    private static String text(JsonNode node, String field) throws InvalidRecordException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidRecordException("missing field '" + field + "'");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRecordException("'" + field + "' must be a non-empty string, got " + Shown.json(value));
        }
        String name = value.asText();
        String problem = ServiceNames.problem(name);
        if (problem != null) {
            throw new InvalidRecordException("'" + field + "' is not a service name: it " + problem);
        }
        return name;
    }

}
