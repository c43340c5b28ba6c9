package io.incidentdetector.incident;

/** SEV1 is the more severe. */
public enum Severity {
    SEV2,
    SEV1;

    public boolean moreSevereThan(Severity other) {
        return other == null || ordinal() > other.ordinal();
    }
}
