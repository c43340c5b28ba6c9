package io.incidentdetector.config;

/** The Kafka starting offsets, written as its key. */
public enum StartingOffsets implements Choice {
    /** The consumer group's committed offsets, else the earliest. */
    COMMITTED,
    /** The earliest offsets. */
    EARLIEST,
    /** The latest offsets: only records written after start-up. */
    LATEST;

    @Override
    public String toString() {
        return key();
    }
}
