package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The Kafka starting offsets, written as its key. */
public enum StartingOffsets implements Choice {
    /** The consumer group's committed offsets, else the earliest. */
    COMMITTED,
    /** The earliest offsets. */
    EARLIEST,
    /** The latest offsets: only records written after start-up. */
    LATEST;

    @JsonCreator
    public static StartingOffsets of(String key) {
        return Choice.of(StartingOffsets.class, key, "starting offsets");
    }

    @Override
    public String toString() {
        return key();
    }
}
