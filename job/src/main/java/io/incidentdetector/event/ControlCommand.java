package io.incidentdetector.event;


import java.time.Instant;

/**
 * One command of the control topic, read and checked. It applies in event time: to windows, heat and incident
 * records from {@code at} on.
 *
 * @param id           the command's own id, or {@code topic-partition-offset}
 * @param at           when it applies (the record's {@code at}, else the Kafka record's timestamp)
 * @param kind         what it does
 * @param pair         the pair it names ({@code set-threshold}, {@code silence}), or null
 * @param service      the service it names, or null: its calls (as caller or callee), its callers' group
 * @param group        the group it names, or null
 * @param threshold    {@code set-threshold}: the new threshold (heat units for a pair or service, temperature for a
 *                     group)
 * @param resolveBelow {@code set-threshold} on a group: its new resolve-below, or null to keep it
 * @param from         {@code silence}: start, default {@code at}
 * @param until        {@code silence}: end
 * @param suppress     {@code silence}: incidents opened during it are held back (true) or published marked (false)
 * @param incident     {@code acknowledge}, {@code resolve}: the incident id
 * @param by           who sent it (free text, copied into records and the audit)
 * @param reason       why (free text)
 */
public record ControlCommand(String id, Instant at, Kind kind, String pair, String service, String group,
        Double threshold, Double resolveBelow, Instant from, Instant until, boolean suppress, String incident,
        String by, String reason) {

    /** What a command does, written as its key: {@code set-threshold}, {@code silence}, ... */
    public enum Kind {
        SET_THRESHOLD, SILENCE, ACKNOWLEDGE, RESOLVE;

        public String key() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** What it names, for messages: {@code pair frontend->cartservice}, {@code incident latency-...}. */
    public String target() {
        if (pair != null) {
            return "pair " + pair;
        }
        if (service != null) {
            return "service " + service;
        }
        if (group != null) {
            return "group " + group;
        }
        return incident == null ? "nothing" : "incident " + incident;
    }

    /** Whether a silence or threshold of this command covers a pair (a plain pair covers its operations). */
    public boolean covers(String pairKey) {
        if (pair != null) {
            return pair.equals(pairKey) || pair.equals(ServicePair.edge(pairKey));
        }
        String[] services = service == null ? null : ServicePair.split(pairKey);
        return services != null && (services[0].equals(service) || services[1].equals(service));
    }

    /** Whether a silence covers the time {@code t}. */
    public boolean during(Instant t) {
        return !t.isBefore(from) && t.isBefore(until);
    }

    /** The same command from {@code newBy} (its signer, or nobody for one refused as unauthenticated). */
    public ControlCommand withBy(String newBy) {
        return new ControlCommand(id, at, kind, pair, service, group, threshold, resolveBelow, from, until, suppress,
                incident, newBy, reason);
    }
}
