package io.incidentdetector.testing;

import io.incidentdetector.connectors.http.HttpAccess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA with a server certificate for 127.0.0.1 and a client certificate, made with {@code openssl} in a
 * test's folder (no key is ever committed), a second CA that signed neither, and the {@code --web.config.file} that
 * Prometheus and Alertmanager serve with: TLS requiring the client certificate, and basic auth.
 */
public final class TestCertificates {

    public static final String USER = "detector";
    public static final String PASSWORD = "test-password";
    /** bcrypt of {@link #PASSWORD} (cost 4), as {@code basic_auth_users} wants it. */
    private static final String PASSWORD_HASH = "$2b$04$Sc9OIgb5iwpexNyJvJIegOmCcJ3vKj1ILom89sJJ3bfJBUTTBQ.QK";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes them in {@code dir}. Fails when openssl is missing and CI=true; skips the test otherwise. */
    public static TestCertificates in(Path dir) throws Exception {
        String openssl = RequiredBinary.find("openssl", "openssl");
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        run(dir, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=test-ca");
        run(dir, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out",
                "other-ca.pem", "-days", "2", "-subj", "/CN=other-ca");
        for (String who : List.of("server", "client")) {
            run(dir, openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
                    "-subj", "/CN=" + who);
            run(dir, openssl, "x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", who + ".pem", "-days", "2", "-extfile", who + ".ext");
        }
        Files.writeString(dir.resolve("web.yml"), """
                tls_server_config:
                  cert_file: %s
                  key_file: %s
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: %s
                basic_auth_users:
                  %s: %s
                """.formatted(dir.resolve("server.pem"), dir.resolve("server.key"), dir.resolve("ca.pem"), USER,
                PASSWORD_HASH));
        Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        Files.writeString(dir.resolve("wrong-password"), "not-" + PASSWORD + "\n");
        return new TestCertificates(dir);
    }

    /** The {@code --web.config.file}: TLS with a required client certificate, and basic auth. */
    public Path webConfig() {
        return dir.resolve("web.yml");
    }

    /** What a client needs: the CA, its certificate and key, and the password in a file. */
    public HttpAccess access() {
        return access("password", "ca.pem");
    }

    /** As {@link #access()}, with the password of {@code passwordFile} and trusting {@code caFile}. */
    public HttpAccess access(String passwordFile, String caFile) {
        return new HttpAccess(null, null, USER, null, dir.resolve(passwordFile).toString(),
                Map.of("X-Scope-OrgID", "tenant-1"), dir.resolve(caFile).toString(),
                dir.resolve("client.pem").toString(), dir.resolve("client.key").toString());
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("openssl.log").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: "
                    + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
