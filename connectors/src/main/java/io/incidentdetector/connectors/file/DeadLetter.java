package io.incidentdetector.connectors.file;

import java.time.Instant;

/**
 * A record that the job could not accept, kept with where it came from and why, so nothing is lost.
 *
 * @param origin   where the record came from (a file path, later a topic/partition/offset)
 * @param position line number or offset within the origin
 * @param payload  the original text
 * @param reason   why it was rejected
 * @param seenAt   event time of the last valid record before it, when known (null otherwise)
 */
public record DeadLetter(String origin, long position, String payload, String reason, Instant seenAt) {

    public static DeadLetter of(ParsedLine<?> line, Instant seenAt) {
        return new DeadLetter(line.file(), line.lineNumber(), line.line(), line.error(), seenAt);
    }
}
