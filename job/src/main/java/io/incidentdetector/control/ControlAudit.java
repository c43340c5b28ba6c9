package io.incidentdetector.control;

import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.event.ControlCommand;

import java.time.Instant;

/**
 * The echo of one control-topic record: applied or rejected, and why.
 *
 * @param command      the command's key ({@code set-threshold}, ...), or {@code unreadable}
 * @param target       what it names ({@code pair frontend->cartservice}, {@code incident ...}), or null
 * @param text         the record as it came, for a record that could not be read (cut at
 *                     {@code dead-letters.max-payload} once {@link #bounded}); else null
 * @param originalSize bytes of the whole record, once bounded; null when there is no text
 * @param sha256       SHA-256 of the whole record in hex, once bounded; null when there is no text
 * @param truncated    whether {@code text} is cut, once bounded; null when there is no text
 */
public record ControlAudit(String id, Instant at, String command, String target, String outcome, String reason,
        String by, String text, Long originalSize, String sha256, Boolean truncated) {

    public static final String APPLIED = "applied";
    public static final String REJECTED = "rejected";

    public ControlAudit(String id, Instant at, String command, String target, String outcome, String reason,
            String by, String text) {
        this(id, at, command, target, outcome, reason, by, text, null, null, null);
    }

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

    /** Within the bounds of a dead letter: the reason capped, the text kept up to the limit with its size and hash. */
    public ControlAudit bounded(DeadLetterBounds bounds) {
        return with(DeadLetterBounds.reason(reason), bounds.keep(text));
    }

    /**
     * The bounded record with {@code excessBytes} fewer bytes of its text (size and hash unchanged), for a sink it
     * would not fit otherwise; null when it has no text to cut.
     */
    public ControlAudit shorter(long excessBytes) {
        if (text == null) {
            return null;
        }
        return with(reason, DeadLetterBounds.shorter(new DeadLetterBounds.Kept(text, originalSize, sha256, truncated),
                excessBytes));
    }

    private ControlAudit with(String newReason, DeadLetterBounds.Kept kept) {
        return new ControlAudit(id, at, command, target, outcome, newReason, by, kept.text(), kept.originalSize(),
                kept.sha256(), kept.truncated());
    }
}
