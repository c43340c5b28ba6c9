package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonCreator;

/** The Kafka delivery guarantee, written as its key. */
public enum DeliveryGuarantee implements Choice {
    /** Kafka transactions committed on checkpoints. */
    EXACTLY_ONCE,
    /** Written at once; a restart may repeat records. */
    AT_LEAST_ONCE;

    @JsonCreator
    public static DeliveryGuarantee of(String key) {
        return Choice.of(DeliveryGuarantee.class, key, "delivery guarantee");
    }

    @Override
    public String toString() {
        return key();
    }
}
