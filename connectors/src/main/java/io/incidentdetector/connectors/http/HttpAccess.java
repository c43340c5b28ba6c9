package io.incidentdetector.connectors.http;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a client authenticates to a server over HTTP: a bearer token or basic auth, extra headers (a tenant's
 * {@code X-Scope-OrgID} for Mimir, Thanos or Cortex), and TLS with a CA file and a client certificate. Holds where
 * the secrets are, never the secrets: a secret is an environment variable written {@code ${NAME}}, or a file, read
 * at each request (so a rotated token is picked up). PEM files; the client key in PKCS#8.
 *
 * @param bearerToken     {@code ${NAME}}: sent as {@code Authorization: Bearer <value>}
 * @param bearerTokenFile a file holding the bearer token
 * @param username        basic auth user (not a secret)
 * @param password        {@code ${NAME}}: basic auth password
 * @param passwordFile    a file holding the basic auth password
 * @param headers         sent with every request; a value may be {@code ${NAME}}
 * @param caFile          PEM certificates to trust instead of the JDK's (the server's CA)
 * @param certFile        PEM client certificate (chain), with {@code keyFile}
 * @param keyFile         PEM (PKCS#8) private key of the client certificate
 */
public record HttpAccess(
        String bearerToken,
        String bearerTokenFile,
        String username,
        String password,
        String passwordFile,
        Map<String, String> headers,
        String caFile,
        String certFile,
        String keyFile) implements Serializable {

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public HttpAccess {
        headers = headers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(headers);
    }

    public static HttpAccess none() {
        return new HttpAccess(null, null, null, null, null, null, null, null, null);
    }

    /** Whether {@code value} is exactly a reference to an environment variable, {@code ${NAME}}. */
    public static boolean isEnvReference(String value) {
        return value != null && ENV.matcher(value.strip()).matches();
    }

    /** The variable {@code value} names, or null when it is not a reference. */
    public static String envName(String value) {
        Matcher m = value == null ? null : ENV.matcher(value.strip());
        return m != null && m.matches() ? m.group(1) : null;
    }

    /** A client builder with this TLS, if any. */
    public HttpClient.Builder client() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        if (caFile != null || certFile != null) {
            builder.sslContext(TlsFiles.context(caFile, certFile, keyFile));
        }
        return builder;
    }

    /** {@code request} with the headers and the credentials, read now from their variables and files. */
    public HttpRequest.Builder authorize(HttpRequest.Builder request) {
        return authorize(request, System::getenv);
    }

    HttpRequest.Builder authorize(HttpRequest.Builder request, Function<String, String> env) {
        headers.forEach((name, value) -> request.header(name, isEnvReference(value) ? secret(value, null, env)
                : value));
        if (bearerToken != null || bearerTokenFile != null) {
            request.header("Authorization", "Bearer " + secret(bearerToken, bearerTokenFile, env));
        } else if (username != null) {
            String pair = username + ":" + secret(password, passwordFile, env);
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    /** The secret of a {@code ${NAME}} reference or a file (stripped of surrounding white space). */
    static String secret(String reference, String file, Function<String, String> env) {
        if (file != null) {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the secret file " + file + ": "
                        + e.getClass().getSimpleName(), e);
            }
        }
        String name = envName(reference);
        String value = name == null ? null : env.apply(name);
        if (value == null) {
            throw new IllegalStateException("the environment variable " + (name == null ? "(none)" : name)
                    + " holding a secret is not set");
        }
        return value.strip();
    }
}
