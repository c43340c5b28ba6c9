package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.kafka.BrokerFacts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Asks the brokers, before the job is submitted, whether it can run: reachable with these settings, every topic
 * present, the transaction timeout within the brokers' limit, and every record the job may write accepted by the
 * output topics ({@link RecordSizeCheck}). Each failure names the configuration key and the fix.
 */
final class KafkaStartupCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStartupCheck.class);

    private KafkaStartupCheck() {}

    static void run(KafkaConfig kafka, Properties clientProperties, boolean readsServiceCalls,
            boolean readsClientErrors, DeadLetterConfig deadLetters) {
        BrokerFacts facts;
        try {
            facts = BrokerFacts.read(clientProperties, kafka.startupCheckTimeout(),
                    outputs(kafka, readsServiceCalls, readsClientErrors).keySet());
        } catch (BrokerFacts.UnreachableException e) {
            throw new ConfigException("kafka.bootstrap-servers", List.of("cannot use the brokers at "
                    + kafka.bootstrapServers() + ": " + e.getMessage() + ". Fix: start the broker"
                    + " (docker/local/kafka.sh start), check the address, and check the security settings in"
                    + " kafka.properties and kafka.secrets"));
        }
        List<String> problems = problems(kafka, facts, readsServiceCalls, readsClientErrors, deadLetters);
        if (!problems.isEmpty()) {
            throw new ConfigException("kafka", problems);
        }
        if (facts.note() != null && kafka.exactlyOnce()) {
            LOG.warn("could not check kafka.transaction-timeout ({}) against the brokers: {}", kafka.transactionTimeout(),
                    facts.note());
        }
        RecordSizeCheck.unknownLimits(outputs(kafka, readsServiceCalls, readsClientErrors), facts).forEach(topic ->
                LOG.warn("could not read the largest record topic '{}' accepts (max.message.bytes); records of at most"
                        + " max.request.size ({} bytes) are written to it unchecked", topic, kafka.maxRequestSize()));
    }

    static List<String> problems(KafkaConfig kafka, BrokerFacts facts, boolean readsServiceCalls,
            boolean readsClientErrors, DeadLetterConfig deadLetters) {
        List<String> problems = new ArrayList<>();
        Map<String, String> topics = new LinkedHashMap<>();
        KafkaConfig.KafkaTopicsConfig t = kafka.topics();
        if (readsServiceCalls) {
            t.serviceCalls().forEach(topic -> topics.putIfAbsent(topic, "kafka.topics.service-calls"));
            t.otlpSpans().forEach(topic -> topics.putIfAbsent(topic, "kafka.topics.otlp-spans"));
        }
        if (readsClientErrors) {
            t.clientErrors().forEach(topic -> topics.putIfAbsent(topic, "kafka.topics.client-errors"));
        }
        if (t.control() != null) {
            topics.put(t.control(), "kafka.topics.control");
        }
        Map<String, String> outputs = outputs(kafka, readsServiceCalls, readsClientErrors);
        topics.putAll(outputs);
        topics.forEach((topic, key) -> {
            if (!facts.topics().contains(topic)) {
                problems.add(key + ": topic '" + topic + "' does not exist on " + kafka.bootstrapServers()
                        + ". Fix: create it (docker/local/kafka.sh start creates the default topics) or name an"
                        + " existing one");
            }
        });
        if (kafka.exactlyOnce() && facts.maxTransactionTimeout() != null
                && kafka.transactionTimeout().compareTo(facts.maxTransactionTimeout()) > 0) {
            problems.add("kafka.transaction-timeout (" + kafka.transactionTimeout() + ") is longer than the brokers'"
                    + " " + BrokerFacts.MAX_TRANSACTION_TIMEOUT + " (" + facts.maxTransactionTimeout() + "); every"
                    + " transaction would be refused. Fix: lower kafka.transaction-timeout to at most "
                    + facts.maxTransactionTimeout() + ", or raise the brokers' limit");
        }
        problems.addAll(RecordSizeCheck.problems(kafka, outputs, facts, deadLetters));
        return problems;
    }

    /** The topics the job writes, each with its key. */
    static Map<String, String> outputs(KafkaConfig kafka, boolean readsServiceCalls, boolean readsClientErrors) {
        KafkaConfig.KafkaTopicsConfig t = kafka.topics();
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put(t.incidents(), "kafka.topics.incidents");
        topics.put(t.deadLetters(), "kafka.topics.dead-letters");
        if (readsClientErrors) {
            topics.put(t.alerts(), "kafka.topics.alerts");
        }
        if (t.verdicts() != null && readsServiceCalls) {
            topics.put(t.verdicts(), "kafka.topics.verdicts");
        }
        if (t.lateEvents() != null) {
            topics.put(t.lateEvents(), "kafka.topics.late-events");
        }
        if (t.control() != null) {
            topics.put(t.controlAudit(), "kafka.topics.control-audit");
        }
        return topics;
    }
}
