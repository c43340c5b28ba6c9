package io.incidentdetector.config;

import io.incidentdetector.connectors.http.HttpAccess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks an {@link HttpAccess} at start-up: secrets only as {@code ${ENV}} (set) or in a readable file, never written
 * in the configuration; one way to authenticate; TLS files readable, a client certificate with its key. Problems
 * name the key ({@code prefix.password}, ...) and never a secret's value.
 */
final class HttpAccessCheck {

    private HttpAccessCheck() {}

    static void check(Problems p, String prefix, HttpAccess access) {
        check(p, prefix, access, System::getenv);
    }

    static void check(Problems p, String prefix, HttpAccess a, Function<String, String> env) {
        secret(p, prefix, "bearer-token", a.bearerToken(), a.bearerTokenFile(), env);
        secret(p, prefix, "password", a.password(), a.passwordFile(), env);
        boolean bearer = a.bearerToken() != null || a.bearerTokenFile() != null;
        boolean basic = a.username() != null || a.password() != null || a.passwordFile() != null;
        if (bearer && basic) {
            p.add(prefix + " sets both a bearer token and basic auth. Fix: keep one of them");
        }
        if (basic && Problems.blank(a.username())) {
            p.add(prefix + ".username is missing for basic auth. Fix: set it, e.g. username: detector");
        } else if (a.username() != null && a.password() == null && a.passwordFile() == null) {
            p.add(prefix + ".username needs a password. Fix: set " + prefix + ".password-file: /run/secrets/..."
                    + " or " + prefix + ".password: ${ENV_VAR}");
        }
        a.headers().forEach((name, value) -> {
            String key = prefix + ".headers." + name;
            if (name.equalsIgnoreCase("Authorization")) {
                p.add(key + ": credentials are not written in the configuration. Fix: remove it and use "
                        + prefix + ".bearer-token-file or " + prefix + ".username with " + prefix + ".password-file");
            } else if (Problems.blank(value)) {
                p.add(key + " is empty. Fix: give it a value, e.g. X-Scope-OrgID: tenant-1");
            } else if (HttpAccess.isEnvReference(value) && env.apply(HttpAccess.envName(value)) == null) {
                p.add(key + " names the environment variable " + HttpAccess.envName(value)
                        + ", which is not set. Fix: set it, or write the value");
            }
        });
        file(p, prefix + ".ca-file", a.caFile());
        file(p, prefix + ".cert-file", a.certFile());
        file(p, prefix + ".key-file", a.keyFile());
        if ((a.certFile() == null) != (a.keyFile() == null)) {
            p.add(prefix + ".cert-file and " + prefix + ".key-file go together (a client certificate and its key)."
                    + " Fix: set both, or neither");
        }
    }

    /** A secret: either {@code ${ENV}} (set) or a readable file, not both, never the value itself. */
    private static void secret(Problems p, String prefix, String name, String reference, String file,
            Function<String, String> env) {
        String key = prefix + "." + name;
        if (reference != null && file != null) {
            p.add(key + " and " + key + "-file are both set. Fix: keep one of them");
        } else if (reference != null && !HttpAccess.isEnvReference(reference)) {
            p.add(key + " is written in the configuration; secrets are not. Fix: " + name + ": ${"
                    + name.toUpperCase(Locale.ROOT).replace('-', '_') + "} with that environment variable set, or "
                    + key + "-file: /run/secrets/" + name);
        } else if (reference != null && env.apply(HttpAccess.envName(reference)) == null) {
            p.add(key + " names the environment variable " + HttpAccess.envName(reference) + ", which is not set."
                    + " Fix: set it, or use " + key + "-file");
        }
        file(p, key + "-file", file);
    }

    private static void file(Problems p, String key, String file) {
        if (file != null && !Files.isReadable(Path.of(file))) {
            p.add(key + " '" + file + "' cannot be read. Fix: give the path of a readable file");
        }
    }
}
