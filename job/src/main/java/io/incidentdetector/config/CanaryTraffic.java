package io.incidentdetector.config;

/** The canary traffic measure, written as its key. */
public enum CanaryTraffic implements Choice {
    /** Each build's errors of the other codes in the window. */
    EVENTS,
    /** A known ratio of canary to baseline users (canary.users-ratio). */
    USERS;

    @Override
    public String toString() {
        return key();
    }
}
