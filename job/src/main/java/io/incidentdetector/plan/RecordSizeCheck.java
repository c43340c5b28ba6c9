package io.incidentdetector.plan;

import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.kafka.BrokerFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether every record the job may write is accepted by the topic it goes to. The sinks keep every record within the
 * producers' {@code max.request.size} (their size guard cuts or drops the rest); the broker refuses a record above a
 * topic's {@code max.message.bytes} (by default its {@code message.max.bytes}), which fails the job, again after every
 * restart. So {@code max.request.size} must not be above any output topic's limit, and a dead letter, its kept bytes
 * ({@code dead-letters.max-payload}) plus key and headers, must fit in both.
 */
final class RecordSizeCheck {

    private static final String MAX_REQUEST_SIZE = "kafka.properties." + KafkaConfig.MAX_REQUEST_SIZE;

    private RecordSizeCheck() {}

    /** @param outputs the topics the job writes, each with its configuration key */
    static List<String> problems(KafkaConfig kafka, Map<String, String> outputs, BrokerFacts facts,
            DeadLetterConfig deadLetters) {
        List<String> problems = new ArrayList<>();
        maxRequestSize(kafka, outputs, facts).ifPresent(problems::add);
        deadLetters(kafka, facts, deadLetters).ifPresent(problems::add);
        return problems;
    }

    private static Optional<String> maxRequestSize(KafkaConfig kafka, Map<String, String> outputs, BrokerFacts facts) {
        int maxRequest = kafka.maxRequestSize();
        List<String> below = new ArrayList<>();
        int smallest = Integer.MAX_VALUE;
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            Integer limit = facts.maxMessageBytes(output.getKey());
            if (limit != null && limit < maxRequest && facts.topics().contains(output.getKey())) {
                below.add("'" + output.getKey() + "' (" + output.getValue() + "): " + bytes(limit));
                smallest = Math.min(smallest, limit);
            }
        }
        if (below.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(MAX_REQUEST_SIZE + " (" + bytes(maxRequest) + (kafka.properties().containsKey(
                KafkaConfig.MAX_REQUEST_SIZE) ? "" : ", Kafka's default") + ") is above the largest record the broker"
                + " accepts (max.message.bytes) on output topic " + String.join("; ", below) + ". A record of that"
                + " size would be refused and stop the job. Fix: set " + MAX_REQUEST_SIZE + " to " + smallest
                + ", or raise max.message.bytes of the topic");
    }

    private static Optional<String> deadLetters(KafkaConfig kafka, BrokerFacts facts, DeadLetterConfig deadLetters) {
        int maxRequest = kafka.maxRequestSize();
        String topic = kafka.topics().deadLetters();
        Integer topicLimit = facts.maxMessageBytes(topic);
        boolean topicBinds = topicLimit != null && topicLimit <= maxRequest;
        long limit = topicBinds ? topicLimit : maxRequest;
        long needed = deadLetters.maxPayload().getBytes() + DeadLetterBounds.KAFKA_OVERHEAD_BYTES;
        if (needed <= limit) {
            return Optional.empty();
        }
        String takes = "a dead letter takes up to dead-letters.max-payload + "
                + DeadLetterBounds.KAFKA_OVERHEAD_BYTES / 1024 + "kb (its key and headers), and "
                + (topicBinds ? "topic '" + topic + "' (kafka.topics.dead-letters) takes at most " + bytes(limit)
                        + " (max.message.bytes)" : MAX_REQUEST_SIZE + " is " + bytes(limit));
        String fix = limit >= DeadLetterBounds.KAFKA_OVERHEAD_BYTES
                ? "set dead-letters.max-payload to at most " + (limit - DeadLetterBounds.KAFKA_OVERHEAD_BYTES) / 1024
                        + "kb"
                : "raise " + (topicLimit == null || topicLimit >= needed ? MAX_REQUEST_SIZE
                        : "max.message.bytes of topic '" + topic + "'" + (maxRequest < needed ? " and "
                                + MAX_REQUEST_SIZE : "")) + " to at least " + needed;
        return Optional.of("dead-letters.max-payload (" + deadLetters.maxPayload() + ") does not fit in a record of"
                + " the dead-letter topic: " + takes + ". Fix: " + fix);
    }

    /** The output topics that exist but whose limit could not be read (neither theirs nor the broker's). */
    static List<String> unknownLimits(Map<String, String> outputs, BrokerFacts facts) {
        return outputs.keySet().stream().filter(t -> facts.topics().contains(t) && facts.maxMessageBytes(t) == null)
                .toList();
    }

    private static String bytes(long n) {
        return Shown.count(n) + " bytes";
    }
}
