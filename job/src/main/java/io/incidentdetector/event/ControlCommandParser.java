package io.incidentdetector.event;

import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.file.InvalidRecordException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads one control-topic record, a flat JSON object:
 * <pre>
 * {"command":"set-threshold","pair":"frontend->cartservice","threshold":8}
 * {"command":"set-threshold","group":"checkout-path","threshold":14,"resolve-below":5}
 * {"command":"silence","service":"cartservice","until":"2026-01-01T02:00:00Z","mode":"suppress","reason":"upgrade"}
 * {"command":"acknowledge","incident":"latency-checkout-path-1767226320","by":"alice"}
 * {"command":"resolve","incident":"latency-checkout-path-1767226320","by":"alice","reason":"rolled back"}
 * </pre>
 * Optional everywhere: {@code id}, {@code at} (ISO-8601, default the record's timestamp), {@code by},
 * {@code reason}. Anything else (an unknown field, a missing or second target, a bad time) is refused with a
 * reason naming the field.
 */
public final class ControlCommandParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("id", "at", "command", "pair", "service", "group", "threshold",
            "resolve-below", "from", "until", "mode", "incident", "by", "reason");

    /** Times outside these are typos (a year 20266), and would overflow event-time arithmetic. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** Characters of any text field: ids, names, who and why end up in state, audit records and incidents. */
    static final int MAX_TEXT = 1_000;

    private ControlCommandParser() {}

    /**
     * @param recordTime the Kafka record's timestamp, for a command without {@code at}
     * @param origin     {@code topic-partition-offset}, the id of a command without {@code id}
     */
    public static ControlCommand parse(byte[] value, long recordTime, String origin) throws InvalidRecordException {
        JsonNode node;
        try {
            node = value == null ? null : JSON.readTree(value);
        } catch (IOException e) {
            throw new InvalidRecordException("not JSON: " + e.getMessage().split("\n")[0]);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("a command is a JSON object, e.g. {\"command\":\"acknowledge\","
                    + "\"incident\":\"...\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRecordException("unknown field '" + Shown.value(name) + "'; the fields are "
                        + new java.util.TreeSet<>(FIELDS));
            }
        }
        String id = text(node, "id", origin);
        Instant at = time(node, "at", Instant.ofEpochMilli(recordTime));
        String kindText = text(node, "command", null);
        if (kindText == null) {
            throw new InvalidRecordException("missing field 'command': set-threshold, silence, acknowledge or resolve");
        }
        ControlCommand.Kind kind = kindOf(kindText);
        String by = text(node, "by", null);
        String reason = text(node, "reason", null);
        return switch (kind) {
            case SET_THRESHOLD -> {
                String[] target = target(node);
                double threshold = number(node, "threshold");
                Double resolveBelow = node.has("resolve-below") ? number(node, "resolve-below") : null;
                if (!(threshold > 0)) {
                    throw new InvalidRecordException("'threshold' must be > 0, got " + threshold);
                }
                if (resolveBelow != null && target[2] == null) {
                    throw new InvalidRecordException("'resolve-below' applies to a group only");
                }
                if (resolveBelow != null && !(resolveBelow >= 0 && resolveBelow < threshold)) {
                    throw new InvalidRecordException("'resolve-below' must be >= 0 and below 'threshold' ("
                            + threshold + "), got " + resolveBelow);
                }
                yield new ControlCommand(id, at, kind, target[0], target[1], target[2], threshold, resolveBelow,
                        null, null, false, null, by, reason);
            }
            case SILENCE -> {
                String[] target = target(node);
                Instant from = time(node, "from", at);
                Instant until = time(node, "until", null);
                if (until == null) {
                    throw new InvalidRecordException("missing field 'until': when the silence ends (ISO-8601)");
                }
                if (!until.isAfter(from)) {
                    throw new InvalidRecordException("'until' (" + until + ") must be after 'from' (" + from + ")");
                }
                String mode = text(node, "mode", "mark");
                if (!mode.equals("mark") && !mode.equals("suppress")) {
                    throw new InvalidRecordException("'mode' must be mark or suppress, got '" + Shown.value(mode)
                            + "'");
                }
                yield new ControlCommand(id, at, kind, target[0], target[1], target[2], null, null, from, until,
                        mode.equals("suppress"), null, by, reason);
            }
            case ACKNOWLEDGE, RESOLVE -> {
                String incident = text(node, "incident", null);
                if (incident == null || incident.isBlank()) {
                    throw new InvalidRecordException("missing field 'incident': the id of the incident to "
                            + kind.key());
                }
                for (String field : new String[] {"pair", "service", "group", "threshold", "until", "mode"}) {
                    if (node.has(field)) {
                        throw new InvalidRecordException("'" + field + "' does not apply to " + kind.key());
                    }
                }
                yield new ControlCommand(id, at, kind, null, null, null, null, null, null, null, false, incident,
                        by, reason);
            }
        };
    }

    /** Whether a record that {@link #parse} read names its own {@code id} and {@code at}. */
    public static boolean carriesIdAndAt(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            return node != null && node.hasNonNull("id") && node.hasNonNull("at");
        } catch (IOException e) {
            return false;
        }
    }

    private static ControlCommand.Kind kindOf(String text) throws InvalidRecordException {
        for (ControlCommand.Kind kind : ControlCommand.Kind.values()) {
            if (kind.key().equals(text)) {
                return kind;
            }
        }
        throw new InvalidRecordException("unknown command '" + Shown.value(text) + "'; use set-threshold, silence,"
                + " acknowledge or resolve");
    }

    /** {pair, service, group}: exactly one set. */
    private static String[] target(JsonNode node) throws InvalidRecordException {
        String pair = text(node, "pair", null);
        String service = text(node, "service", null);
        String group = text(node, "group", null);
        int given = (pair == null ? 0 : 1) + (service == null ? 0 : 1) + (group == null ? 0 : 1);
        if (given != 1) {
            throw new InvalidRecordException("name exactly one of 'pair', 'service' or 'group' (got " + given + ")");
        }
        if (pair != null) {
            try {
                pair = ServicePair.normalise(pair);
            } catch (IllegalArgumentException e) {
                throw new InvalidRecordException("'pair': " + e.getMessage());
            }
            if (ServicePair.operation(pair) != null) {
                // a command names a plain pair, which covers its operations (otlp.split-by)
                String callee = pair.substring(pair.indexOf(ServicePair.ARROW) + ServicePair.ARROW.length());
                throw new InvalidRecordException("'pair' is not a pair of service names: '" + callee + "' "
                        + ServiceNames.problem(callee));
            }
            for (String name : ServicePair.split(pair)) {
                if (ServiceNames.problem(name) != null) {
                    throw new InvalidRecordException("'pair' is not a pair of service names: '" + name + "' "
                            + ServiceNames.problem(name));
                }
            }
        }
        if (service != null && ServiceNames.problem(service) != null) {
            throw new InvalidRecordException("'service' is not a service name: it " + ServiceNames.problem(service));
        }
        if (group != null && group.isBlank()) {
            throw new InvalidRecordException("'group' is empty");
        }
        return new String[] {pair, service, group};
    }

    private static String text(JsonNode node, String field, String fallback) throws InvalidRecordException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new InvalidRecordException("'" + field + "' must be a string, got " + Shown.json(value));
        }
        String text = value.asText();
        if (text.length() > MAX_TEXT) {
            throw new InvalidRecordException("'" + field + "' is " + Shown.count(text.length()) + " characters long; at"
                    + " most " + Shown.count(MAX_TEXT) + " are allowed");
        }
        return text;
    }

    private static double number(JsonNode node, String field) throws InvalidRecordException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidRecordException("missing field '" + field + "'");
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            throw new InvalidRecordException("'" + field + "' must be a number, got " + Shown.json(value));
        }
        return value.doubleValue();
    }

    private static Instant time(JsonNode node, String field, Instant fallback) throws InvalidRecordException {
        String text = text(node, field, null);
        if (text == null) {
            return fallback;
        }
        try {
            Instant t = Instant.parse(text);
            if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw new InvalidRecordException("'" + field + "' must be between " + EARLIEST + " and " + LATEST
                        + ", got '" + Shown.value(text) + "'");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new InvalidRecordException("'" + field + "' must be an ISO-8601 time such as 2026-01-01T00:00:00Z,"
                    + " got '" + Shown.value(text) + "'");
        }
    }
}
