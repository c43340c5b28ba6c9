package io.incidentdetector.evaluate;

/**
 * A NAB scoring profile's cost matrix: what a caught window earns at most, what a missed one costs, and what a
 * detection outside every window costs at most.
 */
public record NabProfile(double tpWeight, double fnWeight, double fpWeight) {

    /** NAB's {@code standard} profile. */
    public static final NabProfile STANDARD = new NabProfile(1.0, 1.0, 0.11);
}
