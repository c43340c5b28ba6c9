package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The canary comparison mode, written as its key. */
public enum CanaryMode implements Choice {
    /** Traffic-normalised rate ratio with a significance test. */
    RATE("rate"),
    /** The error-stream script's mean count difference, exactly as it runs. */
    SEED_COMPATIBLE("seed-compatible");

    private final String key;

    CanaryMode(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    @JsonCreator
    public static CanaryMode of(String key) {
        return Choice.of(CanaryMode.class, key, "mode");
    }

    @Override
    public String toString() {
        return key;
    }
}
