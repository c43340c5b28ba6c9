package io.incidentdetector.fuzz;

import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServiceNames;

import java.time.Instant;

/**
 * What a record that a parser accepted must be, by the product's rules (event/ServiceNames, EventTimes): a
 * plausible time, names that are names, a finite latency that is not negative. A refusal must say why.
 */
final class ProductRules {

    static final long EARLIEST = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    static final long LATEST = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private ProductRules() {}

    static void call(ServiceCallEvent e) {
        time(e.timestamp(), e);
        callNamesAndLatency(e);
    }

    static void callNamesAndLatency(ServiceCallEvent e) {
        name(e.source(), e);
        name(e.destination(), e);
        check(Double.isFinite(e.latencyMs()) && e.latencyMs() >= 0, "latency not finite or negative", e);
    }

    static void error(ClientErrorEvent e) {
        time(e.timestamp(), e);
        name(e.build(), e);
    }

    static void time(long millis, Object record) {
        check(millis >= EARLIEST && millis < LATEST, "implausible time " + Instant.ofEpochMilli(millis), record);
    }

    static void name(String name, Object record) {
        String problem = ServiceNames.problem(name);
        check(problem == null, "a name that " + problem, record);
    }

    static void reason(String reason) {
        check(reason != null && !reason.isBlank(), "a refusal without a reason", reason);
    }

    static void check(boolean ok, String what, Object record) {
        if (!ok) {
            String text = String.valueOf(record);
            throw new AssertionError(what + ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text));
        }
    }
}
