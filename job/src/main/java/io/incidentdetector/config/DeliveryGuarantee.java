package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The Kafka delivery guarantee, written as its key. */
public enum DeliveryGuarantee implements Choice {
    /** Kafka transactions committed on checkpoints. */
    EXACTLY_ONCE("exactly-once"),
    /** Written at once; a restart may repeat records. */
    AT_LEAST_ONCE("at-least-once");

    private final String key;

    DeliveryGuarantee(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    @JsonCreator
    public static DeliveryGuarantee of(String key) {
        return Choice.of(DeliveryGuarantee.class, key, "delivery guarantee");
    }

    @Override
    public String toString() {
        return key;
    }
}
