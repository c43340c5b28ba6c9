package io.incidentdetector.config;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kafka in and out. When {@code enabled}, the job reads service calls and client errors from Kafka instead of the
 * generator or files, and writes incidents, alerts and dead letters to Kafka.
 *
 * @param bootstrapServers      {@code host:port[,host:port]}
 * @param groupId               consumer group; offsets are committed to it on every checkpoint. Null until
 *                              {@link #namedAfter} derives it from {@code job.name}
 * @param startingOffsets       {@code committed} (the group's offsets, else earliest), {@code earliest} or {@code latest}
 * @param bounded               stop at the offsets that were the latest at start-up (a replay), instead of running on
 * @param topics                topic names
 * @param deliveryGuarantee     {@code exactly-once} (needs job.checkpoint-interval) or {@code at-least-once}
 * @param transactionalIdPrefix unique per job on a Kafka cluster; each sink appends its own name. Null until
 *                              {@link #namedAfter} derives it from {@code job.name}
 * @param transactionTimeout    producer {@code transaction.timeout.ms}; at most the brokers' {@code transaction.max.timeout.ms}
 * @param startupCheckTimeout   how long the start-up check waits for the brokers
 * @param properties            client properties passed to every consumer, producer and admin client (security, ...)
 * @param secrets               client properties whose values are read at start-up from {@code env:VARIABLE} or
 *                              {@code file:/path}; never logged
 * @param resolveLeftOpen       a start without state resolves the incidents the incidents topic still shows open,
 *                              saying why (default true); false leaves them as they are
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
        Map<String, String> secrets,
        Boolean resolveLeftOpen) implements Serializable {

    /** Client properties the job sets itself, each with the setting that sets it. */
    private static final Map<String, String> MANAGED_CLIENT_PROPERTIES = Map.of(
            "bootstrap.servers", "kafka.bootstrap-servers",
            "group.id", "kafka.group-id",
            "transactional.id", "kafka.transactional-id-prefix",
            "transaction.timeout.ms", "kafka.transaction-timeout",
            "isolation.level", "the job (it reads with read_committed where it matters)");

    public KafkaConfig {
        enabled = enabled != null && enabled;
        bootstrapServers = bootstrapServers == null ? "127.0.0.1:9092" : bootstrapServers;
        startingOffsets = startingOffsets == null ? StartingOffsets.COMMITTED : startingOffsets;
        bounded = bounded != null && bounded;
        topics = topics == null ? KafkaTopicsConfig.defaults() : topics;
        deliveryGuarantee = deliveryGuarantee == null ? DeliveryGuarantee.EXACTLY_ONCE : deliveryGuarantee;
        transactionTimeout = transactionTimeout == null ? Duration.ofMinutes(10) : transactionTimeout;
        startupCheckTimeout = startupCheckTimeout == null ? Duration.ofSeconds(15) : startupCheckTimeout;
        properties = properties == null ? new LinkedHashMap<>() : new LinkedHashMap<>(properties);
        secrets = secrets == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secrets);
        resolveLeftOpen = resolveLeftOpen == null || resolveLeftOpen;
    }

    public static KafkaConfig defaults() {
        return new KafkaConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * This configuration with the consumer group and the transactional-id prefix that are not set taken from the job's
     * name: two jobs of different names never share them unless told to.
     */
    public KafkaConfig namedAfter(String jobName) {
        if (groupId != null && transactionalIdPrefix != null) {
            return this;
        }
        return new KafkaConfig(enabled, bootstrapServers, groupId == null ? jobName : groupId, startingOffsets, bounded,
                topics, deliveryGuarantee, transactionalIdPrefix == null ? jobName : transactionalIdPrefix,
                transactionTimeout, startupCheckTimeout, properties, secrets, resolveLeftOpen);
    }

    /** The producers' {@code max.request.size}, which the job sets on every sink and its size guard keeps to. */
    public static final String MAX_REQUEST_SIZE = "max.request.size";
    /** Kafka's own default for it (1 MiB). */
    public static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;

    /** {@code kafka.properties.max.request.size} when set, else Kafka's default. */
    public int maxRequestSize() {
        String value = properties.get(MAX_REQUEST_SIZE);
        try {
            return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return DEFAULT_MAX_REQUEST_SIZE; // refused by check()
        }
    }

    public boolean exactlyOnce() {
        return deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE;
    }

    public KafkaConfig with(Boolean newEnabled, String newBootstrapServers) {
        return new KafkaConfig(newEnabled == null ? enabled : newEnabled,
                newBootstrapServers == null ? bootstrapServers : newBootstrapServers, groupId, startingOffsets, bounded,
                topics, deliveryGuarantee, transactionalIdPrefix, transactionTimeout, startupCheckTimeout, properties,
                secrets, resolveLeftOpen);
    }

    public KafkaConfig withBounded(boolean newBounded) {
        return new KafkaConfig(enabled, bootstrapServers, groupId, startingOffsets, newBounded, topics,
                deliveryGuarantee, transactionalIdPrefix, transactionTimeout, startupCheckTimeout, properties, secrets,
                resolveLeftOpen);
    }

    /**
     * The Kafka problems; exactly-once output also depends on the job's checkpoint interval, and the input topics may
     * all be empty only when {@code prometheus} is read instead.
     */
    void check(Problems p, JobSettings job, boolean prometheus) {
        p.notBlank("kafka.bootstrap-servers", bootstrapServers, "use host:port[,host:port], e.g. 127.0.0.1:9092");
        p.notBlank("kafka.group-id", groupId, "name the consumer group, or remove the key to use job.name");
        p.notBlank("kafka.transactional-id-prefix", transactionalIdPrefix,
                "use a name unique to this job, or remove the key to use job.name");
        p.positive("kafka.transaction-timeout", transactionTimeout, "10min");
        p.positive("kafka.startup-check-timeout", startupCheckTimeout, "15s");
        topics.check(p, prometheus);
        properties.forEach((name, value) -> {
            if (MANAGED_CLIENT_PROPERTIES.containsKey(name)) {
                p.add("kafka.properties." + name + " is set by the job. Fix: remove it and use "
                        + MANAGED_CLIENT_PROPERTIES.get(name));
            }
            if (secrets.containsKey(name)) {
                p.add("kafka.properties." + name + " is also in kafka.secrets. Fix: keep it in one of them");
            }
        });
        String maxRequest = properties.get(MAX_REQUEST_SIZE);
        if (maxRequest != null && !positiveInt(maxRequest)) {
            p.add("kafka.properties." + MAX_REQUEST_SIZE + " must be a whole number of bytes above 0 (got '"
                    + maxRequest + "'). Fix: use e.g. " + DEFAULT_MAX_REQUEST_SIZE);
        }
        secrets.forEach((name, reference) -> {
            if (reference == null || !(reference.startsWith("env:") || reference.startsWith("file:"))
                    || reference.indexOf(':') == reference.length() - 1) {
                p.add("kafka.secrets." + name + " must be env:VARIABLE or file:/path (got a value of another form;"
                        + " secrets are never written in the configuration). Fix: e.g. env:KAFKA_SASL_JAAS_CONFIG");
            }
        });
        // whether checkpointing is on at all is known only with the environment (a cluster may turn it on): see
        // plan/EnvironmentSettings
        if (enabled && exactlyOnce() && job.checkpointInterval() != null
                && transactionTimeout.compareTo(job.checkpointInterval()) <= 0) {
            p.add("kafka.transaction-timeout (" + transactionTimeout + ") must be longer than"
                    + " job.checkpoint-interval (" + job.checkpointInterval() + "), or transactions expire before"
                    + " they are committed. Fix: raise it (10min is a good start)");
        }
    }

    private static boolean positiveInt(String text) {
        try {
            return Integer.parseInt(text.strip()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Secrets stay out of logs and exception messages: only their references are shown. */
    @Override
    public String toString() {
        return "KafkaConfig[enabled=" + enabled + ", bootstrapServers=" + bootstrapServers + ", groupId=" + groupId
                + ", transactionalIdPrefix=" + transactionalIdPrefix + ", topics=" + topics + ", deliveryGuarantee=" + deliveryGuarantee + ", properties="
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

        /** Inputs named and kept apart from the control topic and the outputs; no input when {@code prometheus}. */
        void check(Problems p, boolean prometheus) {
            if (serviceCalls.isEmpty() && clientErrors.isEmpty() && otlpSpans.isEmpty() && !prometheus) {
                p.add("kafka.topics.service-calls, kafka.topics.otlp-spans and kafka.topics.client-errors are all"
                        + " empty. Fix: name at least one input topic");
            }
            Set<String> inputs = new HashSet<>();
            inputNames(p, "kafka.topics.service-calls", serviceCalls, inputs);
            inputNames(p, "kafka.topics.client-errors", clientErrors, inputs);
            Set<String> jsonInputs = new HashSet<>(inputs);
            inputNames(p, "kafka.topics.otlp-spans", otlpSpans, inputs);
            for (String topic : otlpSpans) {
                if (jsonInputs.contains(topic)) {
                    p.add("kafka.topics.otlp-spans '" + topic + "' is also in kafka.topics.service-calls or"
                            + " kafka.topics.client-errors, which hold the job's JSON events, not OTLP messages. Fix:"
                            + " list the topic in kafka.topics.otlp-spans only");
                }
            }
            if (control != null && !inputs.add(control)) {
                p.add("kafka.topics.control '" + control + "' is also an events topic; commands need a topic of"
                        + " their own. Fix: use e.g. incident-detector-control");
            }
            Map<String, String> outputs = new LinkedHashMap<>();
            outputs.put("kafka.topics.incidents", incidents);
            outputs.put("kafka.topics.alerts", alerts);
            outputs.put("kafka.topics.dead-letters", deadLetters);
            outputs.put("kafka.topics.verdicts", verdicts);
            outputs.put("kafka.topics.late-events", lateEvents);
            outputs.put("kafka.topics.control-audit", controlAudit);
            Set<String> seen = new HashSet<>();
            outputs.forEach((key, topic) -> {
                if (topic == null) {
                    return;
                }
                if (Problems.blank(topic)) {
                    p.add(key + " is empty. Fix: name a topic");
                } else if (inputs.contains(topic)) {
                    p.add(key + " '" + topic + "' is also an input topic: the job would read its own output. Fix:"
                            + " use another topic");
                } else if (!seen.add(topic)) {
                    p.add(key + " '" + topic + "' is used for two outputs. Fix: give each output its own topic");
                }
            });
        }

        /** Adds the named topics of {@code topics} to {@code all}; an empty name is a problem. */
        private static void inputNames(Problems p, String key, List<String> topics, Set<String> all) {
            for (int i = 0; i < topics.size(); i++) {
                String topic = topics.get(i);
                if (Problems.blank(topic)) {
                    p.add(key + "[" + i + "] is empty. Fix: name a topic");
                } else {
                    all.add(topic);
                }
            }
        }
    }
}
