package io.incidentdetector.plan;

import io.incidentdetector.config.DeliveryGuarantee;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.kafka.BrokerFacts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaStartupCheckTest {

    static final KafkaConfig KAFKA = KafkaConfig.defaults().with(true, "127.0.0.1:9092");
    static final Set<String> ALL = Set.of("service-calls", "client-errors", "incidents", "canary-alerts", "dead-letters");

    @Test
    void nothingToSayWhenEveryTopicExistsAndTheTimeoutFits() {
        assertThat(KafkaStartupCheck.problems(KAFKA, new BrokerFacts(ALL, Duration.ofMinutes(15), null), true, true))
                .isEmpty();
    }

    @Test
    void eachMissingTopicIsNamedWithItsKey() {
        assertThat(KafkaStartupCheck.problems(KAFKA, new BrokerFacts(Set.of("incidents"), null, "n/a"), true, true))
                .hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("kafka.topics.service-calls: topic 'service-calls' does not exist"))
                .anySatisfy(p -> assertThat(p).startsWith("kafka.topics.client-errors: topic 'client-errors'"))
                .anySatisfy(p -> assertThat(p).startsWith("kafka.topics.alerts: topic 'canary-alerts'"))
                .anySatisfy(p -> assertThat(p).startsWith("kafka.topics.dead-letters: topic 'dead-letters'"));
        // a pipeline that does not run needs none of its topics
        assertThat(KafkaStartupCheck.problems(KAFKA,
                new BrokerFacts(Set.of("service-calls", "incidents", "dead-letters"), null, "n/a"), true, false)).isEmpty();
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersLimitIsRefusedOnlyForExactlyOnce() {
        BrokerFacts strict = new BrokerFacts(ALL, Duration.ofMinutes(5), null);
        assertThat(KafkaStartupCheck.problems(KAFKA, strict, true, true)).singleElement()
                .satisfies(p -> assertThat(p).startsWith("kafka.transaction-timeout (PT10M) is longer than the"
                        + " brokers' transaction.max.timeout.ms (PT5M)"));
        KafkaConfig atLeastOnce = new KafkaConfig(true, null, null, null, null, null, DeliveryGuarantee.AT_LEAST_ONCE, null,
                null, null, null, null);
        assertThat(KafkaStartupCheck.problems(atLeastOnce, strict, true, true)).isEmpty();
    }
}
