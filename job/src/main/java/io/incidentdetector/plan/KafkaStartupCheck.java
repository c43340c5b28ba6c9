package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
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
 * present, the transaction timeout within the brokers' limit. Each failure names the configuration key and the fix.
 */
final class KafkaStartupCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStartupCheck.class);

    private KafkaStartupCheck() {}

    static void run(KafkaConfig kafka, Properties clientProperties, boolean readsServiceCalls, boolean readsClientErrors) {
        BrokerFacts facts;
        try {
            facts = BrokerFacts.read(clientProperties, kafka.startupCheckTimeout());
        } catch (BrokerFacts.UnreachableException e) {
            throw new ConfigException("kafka.bootstrap-servers", List.of("cannot use the brokers at "
                    + kafka.bootstrapServers() + ": " + e.getMessage() + ". Fix: start the broker"
                    + " (docker/local/kafka.sh start), check the address, and check the security settings in"
                    + " kafka.properties and kafka.secrets"));
        }
        List<String> problems = problems(kafka, facts, readsServiceCalls, readsClientErrors);
        if (!problems.isEmpty()) {
            throw new ConfigException("kafka", problems);
        }
        if (facts.note() != null && kafka.exactlyOnce()) {
            LOG.warn("could not check kafka.transaction-timeout ({}) against the brokers: {}", kafka.transactionTimeout(),
                    facts.note());
        }
    }

    static List<String> problems(KafkaConfig kafka, BrokerFacts facts, boolean readsServiceCalls,
            boolean readsClientErrors) {
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
            topics.put(t.control(), "kafka.topics.control");
            topics.put(t.controlAudit(), "kafka.topics.control-audit");
        }
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
        return problems;
    }
}
