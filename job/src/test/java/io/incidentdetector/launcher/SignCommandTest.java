package io.incidentdetector.launcher;

import io.incidentdetector.config.ControlKeyConfig;
import io.incidentdetector.control.CommandSignature;
import io.incidentdetector.control.ControlKeys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** sign-command prints a line kafka-console-producer.sh reads with parse.headers=true, signed as the job checks. */
class SignCommandTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef-oncall";

    @Test
    void aCommandWithIdAndAtIsSignedAsGivenAndOneWithoutGetsThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("oncall");
        Files.writeString(file, SECRET);
        SignCommand sign = new SignCommand();
        sign.keyId = "oncall";
        sign.clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00.250Z"), ZoneOffset.UTC);
        ControlKeys keys = ControlKeys.load(List.of(new ControlKeyConfig("oncall", null, file.toString())));

        String given = "{\"id\":\"s1\", \"at\":\"2026-12-07T12:00:00Z\",\"command\":\"silence\",\"service\":\"cart\","
                + "\"until\":\"2026-12-07T14:00:00Z\"}";
        String line = sign.signed(keys, given);
        String expected = CommandSignature.sign(SECRET.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
        assertThat(line).isEqualTo("control-key-id:oncall,control-signature:" + expected + "\t" + given);

        String stamped = sign.signed(keys, "{\"command\":\"acknowledge\",\"incident\":\"i\"}");
        String value = stamped.substring(stamped.indexOf('\t') + 1);
        assertThat(value).startsWith("{\"command\":\"acknowledge\",\"incident\":\"i\",\"id\":\"oncall-")
                .endsWith(",\"at\":\"2026-12-07T12:00:00Z\"}");
        assertThat(stamped).startsWith("control-key-id:oncall,control-signature:" + CommandSignature.sign(
                SECRET.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8)) + "\t");
    }
}
