package io.incidentdetector.config;

/** The Kafka delivery guarantee, written as its key. */
public enum DeliveryGuarantee implements Choice {
    /** Kafka transactions committed on checkpoints. */
    EXACTLY_ONCE,
    /** Written at once; a restart may repeat records. */
    AT_LEAST_ONCE;

    @Override
    public String toString() {
        return key();
    }
}
