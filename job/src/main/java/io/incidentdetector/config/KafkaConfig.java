package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka in and out. When {@code enabled}, the job reads service calls and client errors from Kafka instead of the
 * generator or files, and writes incidents, alerts and dead letters to Kafka.
 *
 * @param bootstrapServers      {@code host:port[,host:port]}
 * @param groupId               consumer group; offsets are committed to it on every checkpoint
 * @param startingOffsets       {@code committed} (the group's offsets, else earliest), {@code earliest} or {@code latest}
 * @param bounded               stop at the offsets that were the latest at start-up (a replay), instead of running on
 * @param topics                topic names
 * @param deliveryGuarantee     {@code exactly-once} (needs job.checkpoint-interval) or {@code at-least-once}
 * @param transactionalIdPrefix unique per job on a Kafka cluster; each sink appends its own name
 * @param transactionTimeout    producer {@code transaction.timeout.ms}; at most the brokers' {@code transaction.max.timeout.ms}
 * @param startupCheckTimeout   how long the start-up check waits for the brokers
 * @param properties            client properties passed to every consumer, producer and admin client (security, ...)
 * @param secrets               client properties whose values are read at start-up from {@code env:VARIABLE} or
 *                              {@code file:/path}; never logged
 */
public record KafkaConfig(
        Boolean enabled,
        String bootstrapServers,
        String groupId,
        StartingOffsets startingOffsets,
        Boolean bounded,
        KafkaTopicsConfig topics,
        DeliveryGuarantee deliveryGuarantee,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Duration startupCheckTimeout,
        Map<String, String> properties,
        Map<String, String> secrets) implements Serializable {

    public KafkaConfig {
        enabled = enabled != null && enabled;
        bootstrapServers = bootstrapServers == null ? "127.0.0.1:9092" : bootstrapServers;
        groupId = groupId == null ? "incident-detector" : groupId;
        startingOffsets = startingOffsets == null ? StartingOffsets.COMMITTED : startingOffsets;
        bounded = bounded != null && bounded;
        topics = topics == null ? KafkaTopicsConfig.defaults() : topics;
        deliveryGuarantee = deliveryGuarantee == null ? DeliveryGuarantee.EXACTLY_ONCE : deliveryGuarantee;
        transactionalIdPrefix = transactionalIdPrefix == null ? "incident-detector" : transactionalIdPrefix;
        transactionTimeout = transactionTimeout == null ? Duration.ofMinutes(10) : transactionTimeout;
        startupCheckTimeout = startupCheckTimeout == null ? Duration.ofSeconds(15) : startupCheckTimeout;
        properties = properties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties);
        secrets = secrets == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secrets);
    }

    public static KafkaConfig defaults() {
        return new KafkaConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean exactlyOnce() {
        return deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE;
    }

    public KafkaConfig with(Boolean newEnabled, String newBootstrapServers) {
        return new KafkaConfig(newEnabled == null ? enabled : newEnabled,
                newBootstrapServers == null ? bootstrapServers : newBootstrapServers, groupId, startingOffsets, bounded,
                topics, deliveryGuarantee, transactionalIdPrefix, transactionTimeout, startupCheckTimeout, properties,
                secrets);
    }

    public KafkaConfig withBounded(boolean newBounded) {
        return new KafkaConfig(enabled, bootstrapServers, groupId, startingOffsets, newBounded, topics,
                deliveryGuarantee, transactionalIdPrefix, transactionTimeout, startupCheckTimeout, properties, secrets);
    }

    /** Secrets stay out of logs and exception messages: only their references are shown. */
    @Override
    public String toString() {
        return "KafkaConfig[enabled=" + enabled + ", bootstrapServers=" + bootstrapServers + ", groupId=" + groupId
                + ", topics=" + topics + ", deliveryGuarantee=" + deliveryGuarantee + ", properties="
                + properties.keySet() + ", secrets=" + secrets.keySet() + "]";
    }

    /**
     * @param serviceCalls  topics of service-call events
     * @param clientErrors  topics of client error events; a topic in both lists carries both kinds, told apart by
     *                      the {@code type} field of each record
     * @param incidents     incidents, keyed by incident id (make it compacted to keep each incident's latest state)
     * @param alerts        canary alerts, keyed by error code
     * @param deadLetters   records that could not be read: original bytes, reason and origin in headers
     * @param verdicts      every window verdict, keyed by pair; empty to skip (high volume)
     * @param lateEvents    events and client errors that arrived after their window closed; empty to skip
     * @param otlpSpans     topics of the OpenTelemetry Collector's Kafka exporter ({@code otlp_spans}): spans,
     *                      read as service calls (see {@code otlp})
     * @param control       commands that change the running job (thresholds, silences, acknowledgements); empty to
     *                      read none
     * @param controlAudit  every control command applied or rejected, with the reason (default {@code <control>-audit})
     */
    public record KafkaTopicsConfig(
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> serviceCalls,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> clientErrors,
            String incidents,
            String alerts,
            String deadLetters,
            String verdicts,
            String lateEvents,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> otlpSpans,
            String control,
            String controlAudit) implements Serializable {

        public KafkaTopicsConfig {
            serviceCalls = serviceCalls == null ? new java.util.ArrayList<>(List.of("service-calls"))
                    : new java.util.ArrayList<>(serviceCalls);
            clientErrors = clientErrors == null ? new java.util.ArrayList<>(List.of("client-errors"))
                    : new java.util.ArrayList<>(clientErrors);
            incidents = incidents == null ? "incidents" : incidents;
            alerts = alerts == null ? "canary-alerts" : alerts;
            deadLetters = deadLetters == null ? "dead-letters" : deadLetters;
            verdicts = verdicts == null || verdicts.isBlank() ? null : verdicts;
            lateEvents = lateEvents == null || lateEvents.isBlank() ? null : lateEvents;
            otlpSpans = otlpSpans == null ? new java.util.ArrayList<>() : new java.util.ArrayList<>(otlpSpans);
            control = control == null || control.isBlank() ? null : control;
            controlAudit = control == null ? null
                    : controlAudit == null || controlAudit.isBlank() ? control + "-audit" : controlAudit;
        }

        /** Every setting at its default. */
        public static KafkaTopicsConfig defaults() {
            return new KafkaTopicsConfig(null, null, null, null, null, null, null, null, null, null);
        }
    }
}
