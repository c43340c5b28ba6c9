package io.incidentdetector.control;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.ControlKeyConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HMAC-SHA256 of the value bytes, the same as openssl's; keys from the environment or files, checked. */
class CommandSignatureTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
    static final byte[] VALUE = ("{\"id\":\"a1\",\"at\":\"2026-12-07T12:00:00Z\",\"command\":\"acknowledge\","
            + "\"incident\":\"i\"}").getBytes(StandardCharsets.UTF_8);

    @Test
    void theSignatureIsHmacSha256InHexAndOnlyTheExactBytesVerify() {
        // the example of the HMAC Wikipedia page
        assertThat(CommandSignature.sign("key".getBytes(StandardCharsets.UTF_8),
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        String signature = CommandSignature.sign(secret, VALUE);
        assertThat(CommandSignature.verify(secret, VALUE, signature)).isTrue();
        assertThat(CommandSignature.verify(secret, VALUE, signature.toUpperCase())).as("hex in either case").isTrue();
        byte[] changed = VALUE.clone();
        changed[changed.length - 3] = 'j';
        assertThat(CommandSignature.verify(secret, changed, signature)).isFalse();
        assertThat(CommandSignature.verify("another-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8),
                VALUE, signature)).isFalse();
        assertThat(CommandSignature.verify(secret, VALUE, "not hex")).isFalse();
        assertThat(CommandSignature.verify(secret, VALUE, signature.substring(2))).as("a prefix").isFalse();
    }

    @Test
    void opensslComputesTheSameSignature(@TempDir Path dir) throws Exception {
        Path value = dir.resolve("command.json");
        Files.write(value, VALUE);
        // the line docs/control.md shows
        String out;
        ProcessBuilder withKey = new ProcessBuilder("sh", "-c", "openssl dgst -sha256 -hmac \"$CONTROL_KEY_ONCALL\" < "
                + value + " | sed 's/^.*= //'").redirectErrorStream(true);
        withKey.environment().put("CONTROL_KEY_ONCALL", SECRET);
        Process q = withKey.start();
        try (var in = q.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        assertThat(q.waitFor()).isZero();
        assertThat(out).isEqualTo(CommandSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8), VALUE));
    }

    @Test
    void keysComeFromTheEnvironmentOrFilesAndABadOneIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ci");
        Files.writeString(file, SECRET + "\n");
        ControlKeys keys = ControlKeys.load(List.of(new ControlKeyConfig("oncall", "KEY_ONCALL", null),
                new ControlKeyConfig("ci", null, file.toString())), Map.of("KEY_ONCALL", SECRET)::get);
        assertThat(keys.ids()).containsExactlyInAnyOrder("oncall", "ci");
        assertThat(keys.sign("ci", VALUE)).as("the file's newline is not part of the secret")
                .isEqualTo(keys.sign("oncall", VALUE));
        assertThat(keys.toString()).doesNotContain(SECRET);

        Files.writeString(file, "short\n");
        assertThatThrownBy(() -> ControlKeys.load(List.of(new ControlKeyConfig("oncall", "KEY_ONCALL", null),
                new ControlKeyConfig("ci", null, file.toString()),
                new ControlKeyConfig("gone", null, dir.resolve("none").toString())), name -> null))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "control.auth.keys[0] (oncall): the environment variable KEY_ONCALL is not set. Fix: set it to"
                                + " the key's secret where the job runs (e.g. export KEY_ONCALL=$(openssl rand -hex 32))",
                        "control.auth.keys[1] (ci): the secret is 5 bytes; at least 32 are needed. Fix: use e.g. the"
                                + " output of openssl rand -hex 32",
                        "control.auth.keys[2] (gone): cannot read the secret file " + dir.resolve("none")
                                + " (NoSuchFileException). Fix: make it readable by the job, or name another file"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("short"));
    }
}
