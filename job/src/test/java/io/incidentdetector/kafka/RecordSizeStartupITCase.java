package io.incidentdetector.kafka;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.plan.StartupChecks;

import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up check of record sizes against a real broker that takes records of at most 300,000 bytes
 * ({@code message.max.bytes}), and a dead-letter topic that takes at most 100,000 ({@code max.message.bytes}): each
 * setting that would let the job write a record the broker refuses is named with a fix, and the fixes pass.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RecordSizeStartupITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("message.max.bytes", "300000",
            "transaction.max.timeout.ms", "300000"));

    @Test
    void recordsTheBrokerWouldRefuseFailTheStartNamingTheKeyAndAFixThatPasses() throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("small-", false);
        KafkaJobRuns.createTopics(BROKER, topics, 1);

        assertThatThrownBy(() -> StartupChecks.run(plan(topics, Map.of(), "64kb")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.properties.max.request.size (1,048,576 bytes, Kafka's default) is above"
                        + " the largest record the broker accepts (max.message.bytes) on output topic 'small-incidents'"
                        + " (kafka.topics.incidents): 300,000 bytes")
                .hasMessageContaining("Fix: set kafka.properties.max.request.size to 300000");
        Map<String, String> fixed = Map.of("max.request.size", "300000");
        assertThatThrownBy(() -> StartupChecks.run(plan(topics, fixed, "512kb")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                        .startsWith("dead-letters.max-payload (512 kb) does not fit in a record of the dead-letter"
                                + " topic")
                        .endsWith("Fix: set dead-letters.max-payload to at most 276kb"));
        assertThatCode(() -> StartupChecks.run(plan(topics, fixed, "276kb"))).doesNotThrowAnyException();
    }

    @Test
    void aDeadLetterTopicOfItsOwnSmallerLimitIsReadFromTheTopic() throws Exception {
        KafkaConfig.KafkaTopicsConfig base = KafkaJobRuns.topics("tiny-", false);
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(base.serviceCalls(),
                base.clientErrors(), base.incidents(), base.alerts(), "tiny-dead-small", null, null, null, null, null);
        BROKER.createTopics(1, "tiny-calls", "tiny-errors", "tiny-incidents", "tiny-alerts");
        BROKER.createTopic("tiny-dead-small", 1, Map.of("max.message.bytes", "100000"));
        Map<String, String> properties = Map.of("max.request.size", "300000");

        assertThatThrownBy(() -> StartupChecks.run(plan(topics, properties, "128kb")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.properties.max.request.size (300,000 bytes) is above the largest record"
                        + " the broker accepts (max.message.bytes) on output topic 'tiny-dead-small'"
                        + " (kafka.topics.dead-letters): 100,000 bytes")
                .hasMessageContaining("dead-letters.max-payload (128 kb) does not fit in a record of the dead-letter"
                        + " topic: a dead letter takes up to dead-letters.max-payload + 16kb (its key and headers), and"
                        + " topic 'tiny-dead-small' (kafka.topics.dead-letters) takes at most 100,000 bytes"
                        + " (max.message.bytes). Fix: set dead-letters.max-payload to at most 81kb");
        assertThatCode(() -> StartupChecks.run(plan(topics, Map.of("max.request.size", "100000"), "81kb")))
                .doesNotThrowAnyException();
    }

    private static io.incidentdetector.plan.RunPlan plan(KafkaConfig.KafkaTopicsConfig topics,
            Map<String, String> properties, String maxPayload) {
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "small", true, topics, properties, Map.of()),
                c -> c.withDeadLetters(new DeadLetterConfig(MemorySize.parse(maxPayload))));
        return KafkaJobRuns.plan(loaded, BROKER);
    }
}
