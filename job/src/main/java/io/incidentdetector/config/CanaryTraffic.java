package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The canary traffic measure, written as its key. */
public enum CanaryTraffic implements Choice {
    /** Each build's errors of the other codes in the window. */
    EVENTS,
    /** A known ratio of canary to baseline users (canary.users-ratio). */
    USERS;

    @JsonCreator
    public static CanaryTraffic of(String key) {
        return Choice.of(CanaryTraffic.class, key, "traffic measure");
    }

    @Override
    public String toString() {
        return key();
    }
}
