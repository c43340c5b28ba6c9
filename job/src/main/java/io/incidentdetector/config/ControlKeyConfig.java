package io.incidentdetector.config;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * One key that may sign control commands: its id (the {@code control-key-id} header, and the {@code by} of what it
 * signs) and where its secret is, never the secret itself: an environment variable or a file, read where the job
 * runs.
 *
 * @param id         the key's name, letters, digits, {@code .}, {@code _} and {@code -}
 * @param secretEnv  the environment variable holding the secret, or null
 * @param secretFile the file holding the secret (a trailing newline is not part of it), or null
 */
public record ControlKeyConfig(String id, String secretEnv, String secretFile) implements Serializable {

    /** A key id is a header value and a name in the audit: nothing a console producer would split on. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    void check(Problems p, String key) {
        if (id == null || !ID.matcher(id).matches()) {
            p.add(key + ".id must be 1 to 64 letters, digits, '.', '_' or '-' (got " + (id == null ? "none" : "'" + id
                    + "'") + "). Fix: use e.g. oncall");
        }
        if (Problems.blank(secretEnv) == Problems.blank(secretFile)) {
            p.add(key + " needs exactly one of secret-env (an environment variable) or secret-file (a path) for the"
                    + " secret; the secret itself never goes in the configuration. Fix: e.g. {id: oncall, secret-env:"
                    + " CONTROL_KEY_ONCALL}");
        }
    }
}
