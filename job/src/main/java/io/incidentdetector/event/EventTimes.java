package io.incidentdetector.event;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What every JSON-lines input shares: one object per line, and event times that are ISO-8601 or epoch ms. */
public final class EventTimes {

    private EventTimes() {}

    /** The line as a JSON object, or a reason why it is not one. */
    public static JsonNode object(String line) throws InvalidRecordException {
        JsonNode node;
        try {
            node = JsonCodec.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("not a JSON object");
        }
        return node;
    }

    public static long timestamp(JsonNode value) throws InvalidRecordException {
        if (value == null || value.isNull()) {
            throw new InvalidRecordException("missing field 'timestamp'");
        }
        long millis;
        if (value.isIntegralNumber()) {
            millis = value.longValue();
            if (millis > 0 && millis < EPOCH_SECONDS_LIMIT) {
                throw new InvalidRecordException("'timestamp' " + millis + " looks like epoch seconds; send epoch"
                        + " milliseconds or ISO-8601");
            }
        } else if (value.isTextual()) {
            try {
                millis = Instant.parse(value.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidRecordException("'timestamp' is not ISO-8601 (e.g. 2026-01-01T00:00:00Z): "
                        + Shown.json(value));
            }
        } else {
            throw new InvalidRecordException("'timestamp' must be an ISO-8601 string or epoch milliseconds, got "
                    + Shown.json(value));
        }
        // One implausible time would move the watermark and make every later event late: refuse it instead (the
        // source's EventTimeGuard checks the rest; this check also keeps unguarded readers' arithmetic safe).
        if (millis < EARLIEST || millis >= LATEST) {
            throw new InvalidRecordException(EventTimeGuard.REASON_START + Instant.ofEpochMilli(millis)
                    + " ('timestamp') is outside the plausible range 2000-01-01 to 2100-01-01");
        }
        return millis;
    }

    /** Epoch milliseconds below this (March 1973) are almost certainly epoch seconds. */
    private static final long EPOCH_SECONDS_LIMIT = 100_000_000_000L;
    static final long EARLIEST = EventTimeGuard.EARLIEST;
    static final long LATEST = EventTimeGuard.LATEST;
}
