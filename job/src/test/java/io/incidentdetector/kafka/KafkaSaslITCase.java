package io.incidentdetector.kafka;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.testing.CapturedLogs;
import io.incidentdetector.testing.TestMiniCluster;
import io.incidentdetector.plan.StartupChecks;

import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker whose only client listener requires SASL/PLAIN. The job's credentials come from kafka.secrets (here a
 * file), reach every source, sink and admin client, and never appear in the logs.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaSaslITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.saslPlain();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(1, 2);

    @TempDir
    Path dir;

    @Test
    void theJobReadsAndWritesThroughASaslListenerWithCredentialsFromASecretFile() throws Exception {
        KafkaConfig.KafkaTopicsConfig base = KafkaJobRuns.topics("sasl-", false);
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(base.serviceCalls(), List.of(),
                base.incidents(), base.alerts(), base.deadLetters(), null, null, null, null, null);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        Path jaas = dir.resolve("jaas.conf");
        Files.writeString(jaas, KafkaBroker.saslJaasConfig(KafkaBroker.SASL_USER, KafkaBroker.SASL_PASSWORD));
        LoadedConfig loaded = KafkaJobRuns.config("single-delay", BROKER, k -> KafkaJobRuns.kafka(k, "sasl", true,
                topics, KafkaBroker.saslProperties(), Map.of("sasl.jaas.config", "file:" + jaas)));
        KafkaJobRuns.produceScenario(BROKER, loaded);

        List<String> logged = new java.util.ArrayList<>();
        try (CapturedLogs logs = new CapturedLogs("", Level.INFO)) {
            KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("single-delay", BROKER));
            logged.addAll(logs.messages());
        }

        List<Incident> incidents = KafkaJobRuns.incidents(
                BROKER.readCommitted(topics.incidents(), Duration.ofSeconds(10), r -> r.size() >= 2));
        assertThat(incidents).extracting(Incident::status).containsExactly(IncidentStatus.OPEN, IncidentStatus.RESOLVED);
        // the clients log their whole configuration at start-up: the credentials must show as [hidden]
        assertThat(logged).anyMatch(m -> m.contains("sasl.jaas.config"))
                .noneMatch(m -> m.contains(KafkaBroker.SASL_PASSWORD));
        assertThat(loaded.config().kafka().toString()).doesNotContain(KafkaBroker.SASL_PASSWORD).contains("sasl.jaas.config");
    }

    @Test
    void wrongCredentialsFailAtStartNamingTheSettings() throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("denied-", false);
        Path jaas = dir.resolve("jaas.conf");
        Files.writeString(jaas, KafkaBroker.saslJaasConfig(KafkaBroker.SASL_USER, "not-the-password"));
        LoadedConfig loaded = KafkaJobRuns.config("single-delay", BROKER, k -> KafkaJobRuns.kafka(k, "denied", true,
                topics, KafkaBroker.saslProperties(), Map.of("sasl.jaas.config", "file:" + jaas)));
        assertThatThrownBy(() -> StartupChecks.run(KafkaJobRuns.plan(loaded, BROKER)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrap-servers")
                .hasMessageContaining("SaslAuthenticationException")
                .hasMessageContaining("kafka.secrets")
                .message().doesNotContain("not-the-password");
    }

    @Test
    void aMissingSecretFailsAtStartNamingItsKey() {
        KafkaConfig.KafkaTopicsConfig topics = KafkaJobRuns.topics("nosecret-", false);
        LoadedConfig loaded = KafkaJobRuns.config("single-delay", BROKER, k -> KafkaJobRuns.kafka(k, "nosecret", true,
                topics, KafkaBroker.saslProperties(), Map.of("sasl.jaas.config", "env:INCIDENT_DETECTOR_TEST_UNSET_VARIABLE")));
        assertThatThrownBy(() -> StartupChecks.run(KafkaJobRuns.plan(loaded, BROKER)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.secrets.sasl.jaas.config: environment variable"
                        + " INCIDENT_DETECTOR_TEST_UNSET_VARIABLE is not set");
    }
}
