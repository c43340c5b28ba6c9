package io.incidentdetector.connectors.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpAccessTest {

    @TempDir
    Path dir;

    static Map<String, java.util.List<String>> headers(HttpAccess access, Map<String, String> env) {
        return access.authorize(HttpRequest.newBuilder(URI.create("http://x")), env::get).build().headers().map();
    }

    @Test
    void aBearerTokenComesFromItsVariableAndHeadersAreAdded() {
        HttpAccess access = new HttpAccess("${AM_TOKEN}", null, null, null, null,
                Map.of("X-Scope-OrgID", "tenant-1", "X-Other", "${OTHER}"), null, null, null);
        assertThat(headers(access, Map.of("AM_TOKEN", "t0ken", "OTHER", "o")))
                .containsEntry("Authorization", java.util.List.of("Bearer t0ken"))
                .containsEntry("X-Scope-OrgID", java.util.List.of("tenant-1"))
                .containsEntry("X-Other", java.util.List.of("o"));
    }

    @Test
    void basicAuthReadsItsPasswordFileAtEachRequest() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "first\n");
        HttpAccess access = new HttpAccess(null, null, "detector", null, file.toString(), null, null, null, null);
        assertThat(headers(access, Map.of()).get("Authorization")).containsExactly("Basic "
                + Base64.getEncoder().encodeToString("detector:first".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(file, "rotated");
        assertThat(headers(access, Map.of()).get("Authorization")).containsExactly("Basic "
                + Base64.getEncoder().encodeToString("detector:rotated".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withoutCredentialsNothingIsAddedAndAMissingSecretNamesItsVariableOnly() {
        assertThat(headers(HttpAccess.none(), Map.of())).isEmpty();
        HttpAccess access = new HttpAccess("${GONE}", null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> headers(access, Map.of())).hasMessage(
                "the environment variable GONE holding a secret is not set");
        assertThat(HttpAccess.isEnvReference("${A_1}")).isTrue();
        assertThat(HttpAccess.isEnvReference("x${A}")).isFalse();
    }

    @Test
    void aKeyThatIsNotPkcs8SaysHowToConvertIt() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsFiles.privateKey(key.toString())).hasMessageContaining("openssl pkcs8 -topk8");
    }
}
