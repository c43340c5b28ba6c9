package io.incidentdetector.config;

import io.incidentdetector.connectors.eventtime.EventTimeGuard;

import java.io.Serializable;
import java.time.Duration;

/**
 * How far an event time may stray before its record is refused (dead-lettered with the reason, never moving a
 * watermark); the rules per source are {@link EventTimeGuard}'s.
 *
 * @param maxAhead         how far ahead of the wall clock
 * @param maxJump          in a replay (records older than this behind the wall clock), how far ahead of its source
 *                         split's progress
 * @param maxBehind        how far behind its source split's progress
 * @param confirmJumpAfter records in a row beyond a jump, close together, that make it a real gap in the data
 */
public record EventTimeConfig(Duration maxAhead, Duration maxJump, Duration maxBehind, Integer confirmJumpAfter)
        implements Serializable {

    public EventTimeConfig {
        EventTimeGuard.Limits defaults = EventTimeGuard.Limits.defaults();
        maxAhead = maxAhead == null ? defaults.maxAhead() : maxAhead;
        maxJump = maxJump == null ? defaults.maxJump() : maxJump;
        maxBehind = maxBehind == null ? defaults.maxBehind() : maxBehind;
        confirmJumpAfter = confirmJumpAfter == null ? defaults.confirmJumpAfter() : confirmJumpAfter;
    }

    public static EventTimeConfig defaults() {
        return new EventTimeConfig(null, null, null, null);
    }

    void check(Problems p) {
        p.notNegative("event-time.max-ahead", maxAhead, "use e.g. 5min (the producers' clock skew)");
        p.positive("event-time.max-jump", maxJump, "1h");
        p.positive("event-time.max-behind", maxBehind, "1d");
        if (confirmJumpAfter < 1) {
            p.add("event-time.confirm-jump-after must be at least 1 (got " + confirmJumpAfter + "). Fix: use e.g. 100"
                    + " (1 accepts every jump)");
        }
    }

    /** A guard with these limits and the system's wall clock; each source gets its own. */
    public EventTimeGuard guard() {
        return new EventTimeGuard(new EventTimeGuard.Limits(maxAhead, maxJump, maxBehind, confirmJumpAfter));
    }
}
