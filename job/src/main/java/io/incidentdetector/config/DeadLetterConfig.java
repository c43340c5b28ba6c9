package io.incidentdetector.config;

import org.apache.flink.configuration.MemorySize;

import java.io.Serializable;

/**
 * How much of a refused record its dead letter keeps (and the control audit of an unreadable command).
 *
 * @param maxPayload the original bytes (Kafka) or text (files, as UTF-8) kept; beyond, they are cut and the dead
 *                   letter carries the size and SHA-256 of the whole. With Kafka output it must fit, with the dead
 *                   letter's headers, in a record of the dead-letter topic: the start-up check says so
 */
public record DeadLetterConfig(MemorySize maxPayload) implements Serializable {

    public static final MemorySize DEFAULT_MAX_PAYLOAD = MemorySize.parse("64kb");
    /** Beyond this a dead letter is no longer small, whatever the output. */
    static final MemorySize LARGEST_MAX_PAYLOAD = MemorySize.parse("16mb");

    public DeadLetterConfig {
        maxPayload = maxPayload == null ? DEFAULT_MAX_PAYLOAD : maxPayload;
    }

    public static DeadLetterConfig defaults() {
        return new DeadLetterConfig(null);
    }

    void check(Problems p) {
        if (maxPayload.compareTo(LARGEST_MAX_PAYLOAD) > 0) {
            p.add("dead-letters.max-payload (" + maxPayload + ") is above "
                    + LARGEST_MAX_PAYLOAD + "; a dead letter should stay small. Fix: use e.g. "
                    + "64kb");
        }
    }
}
