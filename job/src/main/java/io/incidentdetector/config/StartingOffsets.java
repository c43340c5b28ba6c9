package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The Kafka starting offsets, written as its key. */
public enum StartingOffsets implements Choice {
    /** The consumer group's committed offsets, else the earliest. */
    COMMITTED("committed"),
    /** The earliest offsets. */
    EARLIEST("earliest"),
    /** The latest offsets: only records written after start-up. */
    LATEST("latest");

    private final String key;

    StartingOffsets(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    @JsonCreator
    public static StartingOffsets of(String key) {
        return Choice.of(StartingOffsets.class, key, "starting offsets");
    }

    @Override
    public String toString() {
        return key;
    }
}
