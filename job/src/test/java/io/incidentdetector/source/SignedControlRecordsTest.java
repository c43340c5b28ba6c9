package io.incidentdetector.source;

import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.config.ControlKeyConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.control.CommandSignature;
import io.incidentdetector.control.CommandVerifier;
import io.incidentdetector.control.ReceivedCommand;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control topic's signatures: a command signed by a configured key applies as that key's; unsigned, forged,
 * expired ones, and signed ones that leave out their id or time or claim another sender, are refused with the reason.
 */
class SignedControlRecordsTest {

    static final long NOW = Instant.parse("2026-12-07T12:00:00Z").toEpochMilli();
    static final String SECRET = "0123456789abcdef0123456789abcdef-oncall";
    static final String ACK = "{\"id\":\"a1\",\"at\":\"2026-12-07T11:59:00Z\",\"command\":\"acknowledge\","
            + "\"incident\":\"i\"";

    @TempDir
    Path dir;

    @Test
    void aCommandSignedByAConfiguredKeyAppliesAsThatKeys() throws Exception {
        ParsedRecord<ReceivedCommand> r = read(false, ACK + "}", "oncall", SECRET, NOW);
        assertThat(r.isValid()).isTrue();
        assertThat(r.value().command().by()).isEqualTo("oncall");
        assertThat(r.value().keyId()).isEqualTo("oncall");
        assertThat(r.value().readAt()).isEqualTo(NOW);
        assertThat(read(false, ACK + ",\"by\":\"oncall\"}", "oncall", SECRET, NOW).isValid())
                .as("a 'by' that is the key id").isTrue();
    }

    @Test
    void unsignedCommandsAreRefusedUnlessAllowedAndForgedOnesAlways() throws Exception {
        ParsedRecord<ReceivedCommand> unsigned = read(false, ACK + ",\"by\":\"ann\"}", null, null, NOW);
        assertThat(unsigned.isValid()).isFalse();
        assertThat(unsigned.error()).isEqualTo("unsigned: the record has no control-key-id and control-signature"
                + " headers, and control.auth.allow-unsigned is false. Fix: sign it (docs/control.md)");
        assertThat(unsigned.value().command().id()).as("the audit names the command").isEqualTo("a1");
        assertThat(unsigned.value().command().by()).as("not attributed to whom it claims").isNull();

        ParsedRecord<ReceivedCommand> allowed = read(true, ACK + ",\"by\":\"ann\"}", null, null, NOW);
        assertThat(allowed.isValid()).isTrue();
        assertThat(allowed.value().command().by()).isEqualTo("ann");
        assertThat(allowed.value().keyId()).isNull();

        assertThat(read(true, ACK + "}", "oncall", "another-secret-that-is-long-enough", NOW).error())
                .isEqualTo("forged: the signature does not match the record's value for key 'oncall' (HMAC-SHA256"
                        + " of the value bytes, hex)");
        assertThat(read(true, ACK + "}", "mallory", SECRET, NOW).error())
                .isEqualTo("forged: no key 'mallory' is configured (control.auth.keys)");
        assertThat(read(true, "not json", "mallory", SECRET, NOW).error())
                .startsWith("forged: no key 'mallory' is configured (control.auth.keys); and not JSON");
    }

    @Test
    void aSignedCommandCarriesItsIdAndTimeIsByItsKeyAndIsRefusedWhenOlderThanMaxAge() throws Exception {
        assertThat(read(false, "{\"command\":\"acknowledge\",\"incident\":\"i\"}", "oncall", SECRET, NOW).error())
                .startsWith("forged: a signed command must carry its own 'id' and 'at' in its value");
        assertThat(read(false, ACK + ",\"by\":\"ann\"}", "oncall", SECRET, NOW).error()).isEqualTo("forged: 'by' (ann) is"
                + " not the key that signed it (oncall); a signed command is by its key id. Fix: leave 'by' out, or"
                + " sign with that person's own key");
        ParsedRecord<ReceivedCommand> old = read(false, ACK + "}", "oncall", SECRET, NOW + 10 * 60_000);
        assertThat(old.error()).isEqualTo("expired: 'at' 2026-12-07T11:59:00Z is 660 s before it was read"
                + " (2026-12-07T12:10:00Z), more than control.auth.max-age (5 min). Fix: send it again with 'at' now,"
                + " signed anew");
        assertThat(read(false, ACK + "}", "oncall", SECRET, NOW + 4 * 60_000).isValid()).as("within max-age").isTrue();
    }

    @Test
    void theBrokersAppendTimeIsWhenACommandWasReadSoABacklogAfterAnOutageIsNotExpired() throws Exception {
        long appended = NOW - 60_000;
        ParsedRecord<ReceivedCommand> r = read(false, ACK + "}", "oncall", SECRET, NOW + 3_600_000,
                appended, TimestampType.LOG_APPEND_TIME);
        assertThat(r.isValid()).isTrue();
        assertThat(r.value().readAt()).isEqualTo(appended);
    }

    private ParsedRecord<ReceivedCommand> read(boolean allowUnsigned, String json, String keyId, String secret,
            long now) throws IOException {
        return read(allowUnsigned, json, keyId, secret, now, NOW, TimestampType.CREATE_TIME);
    }

    /** Read at wall-clock time {@code now}, its record sent at {@code sent}. */
    private ParsedRecord<ReceivedCommand> read(boolean allowUnsigned, String json, String keyId, String secret,
            long now, long sent, TimestampType type) throws IOException {
        Path file = dir.resolve("oncall");
        Files.writeString(file, SECRET + "\n");
        ControlSources.Deserializer d = new ControlSources.Deserializer(new EventTimeGuard(
                EventTimeGuard.Limits.defaults(), () -> now), new CommandVerifier(new ControlAuthConfig(allowUnsigned,
                        Duration.ofMinutes(5), List.of(new ControlKeyConfig("oncall", null, file.toString())))),
                () -> now);
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        if (keyId != null) {
            headers.add(CommandSignature.KEY_ID_HEADER, keyId.getBytes(StandardCharsets.UTF_8));
            headers.add(CommandSignature.SIGNATURE_HEADER, CommandSignature.sign(secret.getBytes(
                    StandardCharsets.UTF_8), value).getBytes(StandardCharsets.UTF_8));
        }
        return ControlSourcesTest.readOne(d, new ConsumerRecord<>("control", 0, 3, sent, type, 0, value.length, null,
                value, headers, Optional.empty()));
    }
}
