package io.incidentdetector.config;

import io.incidentdetector.connectors.http.HttpAccess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class HttpAccessCheckTest {

    static final Function<String, String> ENV = Map.of("AM_TOKEN", "t0ken", "TENANT", "team-a")::get;

    @TempDir
    Path dir;

    static List<String> problems(HttpAccess access) {
        Problems p = new Problems();
        HttpAccessCheck.check(p, "alertmanager.http", access, ENV);
        return p.list();
    }

    static HttpAccess access(String bearer, String bearerFile, String user, String password, String passwordFile,
            Map<String, String> headers, String ca, String cert, String key) {
        return new HttpAccess(bearer, bearerFile, user, password, passwordFile, headers, ca, cert, key);
    }

    @Test
    void secretsFromTheEnvironmentOrReadableFilesPass() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "pw\n");
        assertThat(problems(access("${AM_TOKEN}", null, null, null, null, Map.of("X-Scope-OrgID", "${TENANT}"),
                null, null, null))).isEmpty();
        assertThat(problems(access(null, null, "detector", null, file.toString(), Map.of(), file.toString(),
                file.toString(), file.toString()))).isEmpty();
        assertThat(problems(HttpAccess.none())).isEmpty();
    }

    @Test
    void anInlineSecretIsRefusedWithoutBeingRepeated() {
        List<String> problems = problems(access("abc123", null, "detector", "hunter2", null, Map.of(), null, null,
                null));
        assertThat(problems).contains(
                "alertmanager.http.bearer-token is written in the configuration; secrets are not. Fix: bearer-token:"
                        + " ${BEARER_TOKEN} with that environment variable set, or alertmanager.http.bearer-token-file:"
                        + " /run/secrets/bearer-token",
                "alertmanager.http.password is written in the configuration; secrets are not. Fix: password:"
                        + " ${PASSWORD} with that environment variable set, or alertmanager.http.password-file:"
                        + " /run/secrets/password",
                "alertmanager.http sets both a bearer token and basic auth. Fix: keep one of them");
        assertThat(String.join("\n", problems)).doesNotContain("abc123").doesNotContain("hunter2");
    }

    @Test
    void missingVariablesFilesAndHalvesArePointedOut() {
        assertThat(problems(access("${NOT_SET}", null, null, null, null,
                Map.of("Authorization", "Bearer x", "X-Scope-OrgID", "${NOPE}"), "/no/ca.pem", "/no/cert.pem", null)))
                .containsExactlyInAnyOrder(
                        "alertmanager.http.bearer-token names the environment variable NOT_SET, which is not set."
                                + " Fix: set it, or use alertmanager.http.bearer-token-file",
                        "alertmanager.http.headers.Authorization: credentials are not written in the configuration."
                                + " Fix: remove it and use alertmanager.http.bearer-token-file or"
                                + " alertmanager.http.username with alertmanager.http.password-file",
                        "alertmanager.http.headers.X-Scope-OrgID names the environment variable NOPE, which is not"
                                + " set. Fix: set it, or write the value",
                        "alertmanager.http.ca-file '/no/ca.pem' cannot be read. Fix: give the path of a readable file",
                        "alertmanager.http.cert-file '/no/cert.pem' cannot be read. Fix: give the path of a readable"
                                + " file",
                        "alertmanager.http.cert-file and alertmanager.http.key-file go together (a client certificate"
                                + " and its key). Fix: set both, or neither");
        assertThat(problems(access(null, null, "detector", null, null, Map.of(), null, null, null))).containsExactly(
                "alertmanager.http.username needs a password. Fix: set alertmanager.http.password-file:"
                        + " /run/secrets/... or alertmanager.http.password: ${ENV_VAR}");
        assertThat(problems(access(null, null, null, "${AM_TOKEN}", null, Map.of(), null, null, null)))
                .containsExactly("alertmanager.http.username is missing for basic auth. Fix: set it, e.g. username:"
                        + " detector");
    }
}
