package io.incidentdetector.control;

import io.incidentdetector.event.ControlCommand;

import java.time.Instant;

/**
 * The echo of one control-topic record: applied or rejected, and why.
 *
 * @param command the command's key ({@code set-threshold}, ...), or {@code unreadable}
 * @param target  what it names ({@code pair frontend->cartservice}, {@code incident ...}), or null
 * @param text    the record as it came, for a record that could not be read; else null
 */
public record ControlAudit(String id, Instant at, String command, String target, String outcome, String reason,
        String by, String text) {

    public static final String APPLIED = "applied";
    public static final String REJECTED = "rejected";

    public static ControlAudit applied(ControlCommand c, String what) {
        return new ControlAudit(c.id(), c.at(), c.kind().key(), c.target(), APPLIED, what, c.by(), null);
    }

    public static ControlAudit rejected(ControlCommand c, String why) {
        return new ControlAudit(c.id(), c.at(), c.kind().key(), c.target(), REJECTED, why, c.by(), null);
    }

    /** A command refused for its time, audited at {@code sentAt} (its record's time) instead. */
    public static ControlAudit refused(ControlCommand c, Instant sentAt, String why) {
        return new ControlAudit(c.id(), sentAt, c.kind().key(), c.target(), REJECTED, why, c.by(), null);
    }

    public static ControlAudit unreadable(String id, Instant at, String why, String text) {
        return new ControlAudit(id, at, "unreadable", null, REJECTED, why, null, text);
    }
}
