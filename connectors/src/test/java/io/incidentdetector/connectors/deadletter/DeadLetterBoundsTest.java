package io.incidentdetector.connectors.deadletter;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterBoundsTest {

    static final DeadLetterBounds BOUNDS = new DeadLetterBounds(64 * 1024);
    static final Instant T = Instant.parse("2026-01-01T00:05:00Z");

    @Test
    void aSmallDeadLetterKeepsEverythingAndGainsItsSizeAndHash() {
        byte[] original = "not json".getBytes(StandardCharsets.UTF_8);
        DeadLetter raw = new DeadLetter("calls", 1, 7L, "not json", "not JSON", T, original);
        DeadLetter bounded = BOUNDS.apply(raw);
        assertThat(bounded.original()).isEqualTo(original);
        assertThat(bounded.payload()).isEqualTo("not json");
        assertThat(bounded.reason()).isEqualTo("not JSON");
        assertThat(bounded.originalSize()).isEqualTo(8L);
        // what sha256sum says of the same bytes
        assertThat(bounded.sha256()).isEqualTo("7ccfa1fbf3940e6f0c0375d87c0f9235a50514e14cb427bdfaf5077987b26ccf");
        assertThat(bounded.truncated()).isFalse();
        assertThat(BOUNDS.apply(bounded)).as("bounding twice changes nothing").isEqualTo(bounded);
    }

    @Test
    void aLargeOriginalIsCutAtTheLimitWithTheSizeAndHashOfTheWhole() throws Exception {
        byte[] original = ("{\"latencyMs\":\"" + "a".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        DeadLetter raw = new DeadLetter("calls", 0, 3L, new String(original, StandardCharsets.UTF_8), "bad", null,
                original);
        DeadLetter bounded = BOUNDS.apply(raw);
        assertThat(bounded.original()).hasSize(64 * 1024).isEqualTo(Arrays.copyOf(original, 64 * 1024));
        assertThat(bounded.payload()).hasSize(64 * 1024);
        assertThat(bounded.originalSize()).isEqualTo((long) original.length);
        assertThat(bounded.sha256()).isEqualTo(sha256(original));
        assertThat(bounded.truncated()).isTrue();
        assertThat(BOUNDS.apply(bounded)).isEqualTo(bounded);
    }

    @Test
    void aFileLineIsCutAtACharacterBoundaryAndHashedAsUtf8() throws Exception {
        String line = "é".repeat(40_000); // 80,000 bytes
        DeadLetter bounded = BOUNDS.apply(new DeadLetter("/data/events.jsonl", 12, line, "not JSON", T));
        assertThat(bounded.payload()).isEqualTo("é".repeat(32 * 1024));
        assertThat(bounded.originalSize()).isEqualTo(80_000L);
        assertThat(bounded.sha256()).isEqualTo(sha256(line.getBytes(StandardCharsets.UTF_8)));
        assertThat(bounded.original()).isNull();
        String odd = "a" + "é".repeat(40_000);
        assertThat(BOUNDS.apply(new DeadLetter("f", 1, odd, "x", null)).payload().getBytes(StandardCharsets.UTF_8))
                .as("never half a character").hasSize(64 * 1024 - 1);
    }

    @Test
    void theReasonAndTheOriginAreCappedWithTheirLength() {
        DeadLetter bounded = BOUNDS.apply(new DeadLetter("o".repeat(5_000), 1, "x", "r".repeat(600_012), null));
        assertThat(bounded.reason()).isEqualTo("r".repeat(1_000) + "… (600,012 chars)");
        assertThat(bounded.origin()).isEqualTo("o".repeat(1_000) + "… (5,000 chars)");
    }

    @Test
    void aTombstoneHasNothingToHash() {
        DeadLetter bounded = BOUNDS.apply(new DeadLetter("calls", 0, 1L, null, "empty record", null, null));
        assertThat(bounded.originalSize()).isNull();
        assertThat(bounded.sha256()).isNull();
        assertThat(bounded.truncated()).isFalse();
    }

    @Test
    void aShorterDeadLetterKeepsTheSizeAndHashOfTheWhole() throws Exception {
        byte[] original = "b".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        DeadLetter bounded = BOUNDS.apply(new DeadLetter("calls", 0, 1L, null, "bad", null, original));
        DeadLetter shorter = DeadLetterBounds.shorter(bounded, 4_000);
        assertThat(shorter.original()).hasSize(6_000);
        assertThat(shorter.originalSize()).isEqualTo(10_000L);
        assertThat(shorter.sha256()).isEqualTo(sha256(original));
        assertThat(shorter.truncated()).isTrue();
    }

    @Test
    void aTextKeptForAnAuditRecordIsBoundedTheSameWay() throws Exception {
        String text = "{" + "x".repeat(100_000);
        DeadLetterBounds.Kept kept = BOUNDS.keep(text);
        assertThat(kept.text()).hasSize(64 * 1024);
        assertThat(kept.originalSize()).isEqualTo(100_001L);
        assertThat(kept.sha256()).isEqualTo(sha256(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(kept.truncated()).isTrue();
        assertThat(DeadLetterBounds.shorter(kept, 1_000).text()).hasSize(64 * 1024 - 1_000);
        assertThat(BOUNDS.keep("{}")).isEqualTo(new DeadLetterBounds.Kept("{}", 2L, sha256(new byte[] {'{', '}'}),
                false));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
