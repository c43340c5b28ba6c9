package io.incidentdetector.config;

/** The canary comparison mode, written as its key. */
public enum CanaryMode implements Choice {
    /** Traffic-normalised rate ratio with a significance test. */
    RATE,
    /** The error-stream script's mean count difference, exactly as it runs. */
    SEED_COMPATIBLE;

    @Override
    public String toString() {
        return key();
    }
}
