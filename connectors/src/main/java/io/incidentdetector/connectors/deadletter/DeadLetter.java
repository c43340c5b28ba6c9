package io.incidentdetector.connectors.deadletter;

import io.incidentdetector.connectors.file.ParsedLine;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record that the job could not accept, kept with where it came from and why, so nothing is lost. Producers
 * create it whole; {@link DeadLetterBounds} gives it its bounded form before it is written: the reason capped, the
 * payload and original bytes cut at {@code dead-letters.max-payload}, the size and SHA-256 of the whole original kept.
 *
 * @param origin       where the record came from: a file path or a Kafka topic
 * @param partition    the Kafka partition; null for files
 * @param position     line number in a file, offset in a Kafka partition
 * @param payload      the original text (for Kafka, the value decoded as UTF-8; see {@code original})
 * @param reason       why it was rejected
 * @param seenAt       event time of the last valid record before it, when known (null otherwise)
 * @param originalSize bytes of the whole original (the Kafka value, else the payload as UTF-8); null until bounded
 *                     and when there was none
 * @param sha256       SHA-256 of those bytes, in hex; null until bounded and when there were none
 * @param truncated    whether the payload or the original bytes were cut; null until bounded
 * @param original     the original bytes of a Kafka record's value, written back to the dead-letter topic; null for
 *                     files and for null (tombstone) values
 */
public record DeadLetter(String origin, Integer partition, long position, String payload, String reason,
        Instant seenAt, Long originalSize, String sha256, Boolean truncated, @JsonIgnore byte[] original) {

    /** A dead letter as its producer sees it, before {@link DeadLetterBounds} bounds it. */
    public DeadLetter(String origin, Integer partition, long position, String payload, String reason,
            Instant seenAt, byte[] original) {
        this(origin, partition, position, payload, reason, seenAt, null, null, null, original);
    }

    public DeadLetter(String origin, long position, String payload, String reason, Instant seenAt) {
        this(origin, null, position, payload, reason, seenAt, null);
    }

    public static DeadLetter of(ParsedLine<?> line, Instant seenAt) {
        return new DeadLetter(line.file(), line.lineNumber(), line.line(), line.error(), seenAt);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeadLetter d && position == d.position && Objects.equals(origin, d.origin)
                && Objects.equals(partition, d.partition) && Objects.equals(payload, d.payload)
                && Objects.equals(reason, d.reason) && Objects.equals(seenAt, d.seenAt)
                && Objects.equals(originalSize, d.originalSize) && Objects.equals(sha256, d.sha256)
                && Objects.equals(truncated, d.truncated) && Arrays.equals(original, d.original);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, partition, position, payload, reason, seenAt, originalSize, sha256, truncated) * 31
                + Arrays.hashCode(original);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + origin + (partition == null ? "" : "/" + partition) + "@" + position + ": " + reason + "]";
    }
}
