package io.incidentdetector.plan;

import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.config.DeliveryGuarantee;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.kafka.BrokerFacts;

import org.junit.jupiter.api.Test;

import org.apache.flink.configuration.MemorySize;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaStartupCheckTest {

    static final KafkaConfig KAFKA = KafkaConfig.defaults().with(true, "127.0.0.1:9092");
    static final Set<String> ALL = Set.of("service-calls", "client-errors", "incidents", "canary-alerts", "dead-letters");
    static final DeadLetterConfig DEAD_LETTERS = DeadLetterConfig.defaults();

    @Test
    void nothingToSayWhenEveryTopicExistsAndTheTimeoutFits() {
        assertThat(problems(KAFKA, new BrokerFacts(ALL, Duration.ofMinutes(15), null))).isEmpty();
    }

    @Test
    void eachMissingTopicIsNamedWithItsKey() {
        assertThat(problems(KAFKA, new BrokerFacts(Set.of("incidents"), null, "n/a")))
                .hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("kafka.topics.service-calls: topic 'service-calls' does not exist"))
                .anySatisfy(p -> assertThat(p).startsWith("kafka.topics.client-errors: topic 'client-errors'"))
                .anySatisfy(p -> assertThat(p).startsWith("kafka.topics.alerts: topic 'canary-alerts'"))
                .anySatisfy(p -> assertThat(p).startsWith("kafka.topics.dead-letters: topic 'dead-letters'"));
        // a pipeline that does not run needs none of its topics
        assertThat(KafkaStartupCheck.problems(KAFKA,
                new BrokerFacts(Set.of("service-calls", "incidents", "dead-letters"), null, "n/a"), true, false,
                DEAD_LETTERS)).isEmpty();
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersLimitIsRefusedOnlyForExactlyOnce() {
        BrokerFacts strict = new BrokerFacts(ALL, Duration.ofMinutes(5), null);
        assertThat(problems(KAFKA, strict)).singleElement()
                .satisfies(p -> assertThat(p).startsWith("kafka.transaction-timeout (PT10M) is longer than the"
                        + " brokers' transaction.max.timeout.ms (PT5M)"));
        KafkaConfig atLeastOnce = new KafkaConfig(true, null, null, null, null, null, DeliveryGuarantee.AT_LEAST_ONCE, null,
                null, null, null, null, null);
        assertThat(problems(atLeastOnce, strict)).isEmpty();
    }

    @Test
    void aMaxRequestSizeAboveAnOutputTopicsLimitIsRefusedWithAFixThatPasses() {
        BrokerFacts small = new BrokerFacts(ALL, Duration.ofMinutes(15), null, 1_048_588,
                Map.of("incidents", 500_000, "dead-letters", 600_000, "service-calls", 1_000));
        assertThat(problems(KAFKA, small)).singleElement().satisfies(p -> assertThat(p)
                .startsWith("kafka.properties.max.request.size (1,048,576 bytes, Kafka's default) is above the"
                        + " largest record the broker accepts (max.message.bytes) on output topic 'incidents'"
                        + " (kafka.topics.incidents): 500,000 bytes; 'dead-letters' (kafka.topics.dead-letters):"
                        + " 600,000 bytes. A record")
                .endsWith("Fix: set kafka.properties.max.request.size to 500000, or raise max.message.bytes of the"
                        + " topic"));
        // an input topic's limit is not the job's concern
        assertThat(problems(withMaxRequestSize("500000"), small)).isEmpty();
    }

    @Test
    void aMaxPayloadThatCannotFitIsRefusedNamingTheKeyAndAValidFix() {
        BrokerFacts facts = new BrokerFacts(ALL, Duration.ofMinutes(15), null, 200_000, Map.of());
        KafkaConfig kafka = withMaxRequestSize("200000");
        DeadLetterConfig big = new DeadLetterConfig(MemorySize.parse("256kb"));
        assertThat(KafkaStartupCheck.problems(kafka, facts, true, true, big)).singleElement().isEqualTo(
                "dead-letters.max-payload (256 kb) does not fit in a record of the dead-letter topic: a dead letter"
                        + " takes up to dead-letters.max-payload + 16kb (its key and headers), and topic 'dead-letters'"
                        + " (kafka.topics.dead-letters) takes at most 200,000 bytes (max.message.bytes). Fix: set"
                        + " dead-letters.max-payload to at most 179kb");
        DeadLetterConfig fixed = new DeadLetterConfig(MemorySize.parse("179kb"));
        assertThat(KafkaStartupCheck.problems(kafka, facts, true, true, fixed)).isEmpty();
        // 180kb would not fit: the fix is the largest that does
        DeadLetterConfig tooBig = new DeadLetterConfig(MemorySize.parse("180kb"));
        assertThat(KafkaStartupCheck.problems(kafka, facts, true, true, tooBig)).hasSize(1);
    }

    @Test
    void aDeadLetterTopicTooSmallForAnyDeadLetterIsToldToGrow() {
        BrokerFacts facts = new BrokerFacts(ALL, Duration.ofMinutes(15), null, 1_048_588,
                Map.of("dead-letters", 10_000));
        List<String> problems = problems(withMaxRequestSize("10000"), facts);
        assertThat(problems).singleElement().satisfies(p -> assertThat(p)
                .contains("topic 'dead-letters' (kafka.topics.dead-letters) takes at most 10,000 bytes")
                .endsWith("Fix: raise max.message.bytes of topic 'dead-letters' and kafka.properties.max.request.size"
                        + " to at least 81920"));
    }

    @Test
    void limitsThatCouldNotBeReadAreNamedForAWarning() {
        BrokerFacts unknown = new BrokerFacts(ALL, null, "not authorised");
        assertThat(problems(KAFKA, unknown)).isEmpty();
        assertThat(RecordSizeCheck.unknownLimits(KafkaStartupCheck.outputs(KAFKA, true, true), unknown))
                .containsExactly("incidents", "dead-letters", "canary-alerts");
    }

    static List<String> problems(KafkaConfig kafka, BrokerFacts facts) {
        return KafkaStartupCheck.problems(kafka, facts, true, true, DEAD_LETTERS);
    }

    static KafkaConfig withMaxRequestSize(String bytes) {
        return new KafkaConfig(true, null, null, null, null, null, null, null, null, null,
                Map.of("max.request.size", bytes), null, null);
    }
}
