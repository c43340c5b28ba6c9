package io.incidentdetector.config;

import org.apache.flink.util.TimeUtils;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may send control commands (see docs/reliability.md#who-may-send-commands-signed-control-commands-and-their-limits): each command is signed with HMAC-SHA256 by one of
 * {@code keys}; unsigned ones are refused unless {@code allowUnsigned}, which is for local use only.
 *
 * @param allowUnsigned whether a command without signature headers applies (a bad signature never does)
 * @param maxAge        how old a signed command's {@code at} may be when it is read; older is refused as expired,
 *                      and a copy of a command read within it is refused as replayed
 * @param keys          the keys that may sign, by id
 */
public record ControlAuthConfig(Boolean allowUnsigned, Duration maxAge, List<ControlKeyConfig> keys)
        implements Serializable {

    public ControlAuthConfig {
        allowUnsigned = allowUnsigned != null && allowUnsigned;
        maxAge = maxAge == null ? Duration.ofMinutes(5) : maxAge;
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    public static ControlAuthConfig defaults() {
        return new ControlAuthConfig(null, null, null);
    }

    /** {@code commandsRead}: a control topic is read, so commands must be signed or unsigned ones allowed. */
    void check(Problems p, boolean commandsRead) {
        p.positive("control.auth.max-age", maxAge, "5min");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            ControlKeyConfig key = keys.get(i);
            if (key == null) {
                p.add("control.auth.keys[" + i + "] is empty. Fix: e.g. {id: oncall, secret-env: CONTROL_KEY_ONCALL}");
                continue;
            }
            key.check(p, "control.auth.keys[" + i + "]");
            if (key.id() != null && !ids.add(key.id())) {
                p.add("control.auth.keys[" + i + "].id '" + key.id() + "' names two keys. Fix: give each key its own"
                        + " id");
            }
        }
        if (commandsRead && keys.isEmpty() && !allowUnsigned) {
            p.add("kafka.topics.control is read but control.auth.keys names no key, so no command could apply."
                    + " Fix: name the keys that sign commands (control.auth.keys: [{id: oncall, secret-env:"
                    + " CONTROL_KEY_ONCALL}], docs/control.md), or, for local use only, set"
                    + " control.auth.allow-unsigned: true");
        }
    }

    /** The start-up warning of a control topic that takes unsigned commands, or null. */
    String warning(boolean commandsRead) {
        if (!commandsRead || !allowUnsigned) {
            return null;
        }
        return "control.auth.allow-unsigned is true: commands on kafka.topics.control apply without a signature, so"
                + " anyone who can write the topic can silence incidents. For local use only; elsewhere sign"
                + " commands (control.auth.keys, docs/control.md)" + (keys.isEmpty() ? ""
                        : " (signed ones are still checked, and a bad signature is refused)");
    }

    /** {@code 5 min}, for messages. */
    public String maxAgeText() {
        return TimeUtils.formatWithHighestUnit(maxAge);
    }
}
