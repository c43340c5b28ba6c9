package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Bounds on what the control topic may make the job hold (see docs/control.md); a command beyond one is rejected
 * in the audit with the reason.
 *
 * @param maxWaiting  commands waiting for their {@code at} at once, in the gate and again at the incident stage
 *                    (acknowledge, resolve)
 * @param maxSilences silences in force at once (a silence that replaces one by its id does not count twice)
 * @param maxSilence  the longest silence, {@code until} minus {@code from}
 */
public record ControlConfig(Integer maxWaiting, Integer maxSilences, Duration maxSilence) implements Serializable {

    public ControlConfig {
        maxWaiting = maxWaiting == null ? 1_000 : maxWaiting;
        maxSilences = maxSilences == null ? 1_000 : maxSilences;
        maxSilence = maxSilence == null ? Duration.ofDays(30) : maxSilence;
    }

    public static ControlConfig defaults() {
        return new ControlConfig(null, null, null);
    }

    void check(Problems p) {
        if (maxWaiting < 1) {
            p.add("control.max-waiting must be at least 1 (got " + maxWaiting + "). Fix: use e.g. 1000");
        }
        if (maxSilences < 1) {
            p.add("control.max-silences must be at least 1 (got " + maxSilences + "). Fix: use e.g. 1000");
        }
        p.positive("control.max-silence", maxSilence, "30d");
    }
}
