package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The canary comparison mode, written as its key. */
public enum CanaryMode implements Choice {
    /** Traffic-normalised rate ratio with a significance test. */
    RATE,
    /** The error-stream script's mean count difference, exactly as it runs. */
    SEED_COMPATIBLE;

    @JsonCreator
    public static CanaryMode of(String key) {
        return Choice.of(CanaryMode.class, key, "mode");
    }

    @Override
    public String toString() {
        return key();
    }
}
