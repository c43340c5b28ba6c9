package io.incidentdetector.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Who may send control commands and what they may do (see docs/control.md, docs/reliability.md#who-may-send-commands-signed-control-commands-and-their-limits): bounds on what
 * the control topic may make the job hold and on each command; a command beyond one is rejected in the audit with the
 * reason.
 *
 * @param maxWaiting              commands waiting for their {@code at} at once, in the gate and again at the incident
 *                                stage (acknowledge, resolve)
 * @param maxSilences             silences in force at once (a silence that replaces one by its id does not count twice)
 * @param maxSilence              the longest silence, {@code until} minus {@code from}
 * @param auth                    the keys that sign commands, and whether unsigned ones apply
 * @param maxCommandsPerMinute    commands of one key id (or of all unsigned ones) in any minute
 * @param minThreshold            the lowest threshold a {@code set-threshold} may set
 * @param maxThreshold            the highest threshold a {@code set-threshold} may set
 */
public record ControlConfig(Integer maxWaiting, Integer maxSilences, Duration maxSilence, ControlAuthConfig auth,
        Integer maxCommandsPerMinute, Double minThreshold, Double maxThreshold) implements Serializable {

    public ControlConfig {
        maxWaiting = maxWaiting == null ? 1_000 : maxWaiting;
        maxSilences = maxSilences == null ? 1_000 : maxSilences;
        maxSilence = maxSilence == null ? Duration.ofDays(30) : maxSilence;
        auth = auth == null ? ControlAuthConfig.defaults() : auth;
        maxCommandsPerMinute = maxCommandsPerMinute == null ? 60 : maxCommandsPerMinute;
        minThreshold = minThreshold == null ? 1.0 : minThreshold;
        maxThreshold = maxThreshold == null ? 100.0 : maxThreshold;
    }

    /** The caps only, the rest at their defaults. */
    public ControlConfig(Integer maxWaiting, Integer maxSilences, Duration maxSilence) {
        this(maxWaiting, maxSilences, maxSilence, null, null, null, null);
    }

    public static ControlConfig defaults() {
        return new ControlConfig(null, null, null);
    }

    public ControlConfig withAuth(ControlAuthConfig newAuth) {
        return new ControlConfig(maxWaiting, maxSilences, maxSilence, newAuth, maxCommandsPerMinute, minThreshold,
                maxThreshold);
    }

    /** {@code commandsRead}: a control topic is read. */
    void check(Problems p, boolean commandsRead) {
        if (maxWaiting < 1) {
            p.add("control.max-waiting must be at least 1 (got " + maxWaiting + "). Fix: use e.g. 1000");
        }
        if (maxSilences < 1) {
            p.add("control.max-silences must be at least 1 (got " + maxSilences + "). Fix: use e.g. 1000");
        }
        p.positive("control.max-silence", maxSilence, "30d");
        if (maxCommandsPerMinute < 1) {
            p.add("control.max-commands-per-minute must be at least 1 (got " + maxCommandsPerMinute + "). Fix: use"
                    + " e.g. 60");
        }
        if (!(minThreshold > 0 && minThreshold < maxThreshold) || !Double.isFinite(maxThreshold)) {
            p.add("control.min-threshold (" + minThreshold + ") must be above 0 and below control.max-threshold ("
                    + maxThreshold + "). Fix: use e.g. 1 and 100");
        }
        auth.check(p, commandsRead);
    }

    /** The start-up warning of this section, or null. */
    String warning(boolean commandsRead) {
        return auth.warning(commandsRead);
    }
}
