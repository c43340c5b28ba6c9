package io.incidentdetector.control;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.Severity;

/**
 * What the incident stage remembers of an open episode, in keyed state until it resolves.
 *
 * @param publishedId  the id the outputs know it by (its own, or a new one after an escalation past a hand resolve)
 * @param published    its opening has been published (not held back by a silence)
 * @param handResolved resolved by hand: later records are dropped unless it escalates
 * @param notified     a record of it went to the notifications
 * @param severity     the severity last published
 * @param acknowledged who acknowledged it and when, or null
 * @param last         the record last published, for a hand resolve
 */
public record Episode(String publishedId, boolean published, boolean handResolved, boolean notified,
        Severity severity, String acknowledged, Incident last) {

    static Episode of(String id) {
        return new Episode(id, false, false, false, null, null, null);
    }

    /** Held back by a silence: the record kept, to be published if the episode outlasts the silence. */
    Episode holding(Incident record) {
        return new Episode(publishedId, false, handResolved, notified, severity, acknowledged, record);
    }

    Episode acknowledgedBy(String who) {
        return new Episode(publishedId, published, handResolved, notified, severity, who, last);
    }

    Episode resolvedByHand() {
        return new Episode(publishedId, published, true, notified, severity, acknowledged, last);
    }
}
