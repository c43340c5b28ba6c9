package io.incidentdetector.canary.alert;

/** ACTIVE on the first crossing, FIRING on each later bin while it holds (seed-compatible only), CLEARED after. */
public enum AlertStatus {
    ACTIVE,
    FIRING,
    CLEARED
}
