package io.incidentdetector.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientPropertiesTest {

    static KafkaConfig kafka(Map<String, String> properties, Map<String, String> secrets) {
        return new KafkaConfig(true, "broker:9093", null, null, null, null, null, null, null, null, properties, secrets, null);
    }

    @Test
    void propertiesPassThroughAndSecretsAreReadFromTheEnvironmentOrAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("truststore-password");
        Files.writeString(file, "s3cret-from-file\n");
        Properties props = KafkaClientProperties.of(kafka(
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"),
                Map.of("sasl.jaas.config", "env:KAFKA_JAAS", "ssl.truststore.password", "file:" + file)),
                name -> name.equals("KAFKA_JAAS") ? "ScramLoginModule required;" : null);
        assertThat(props).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "ScramLoginModule required;")
                .containsEntry("ssl.truststore.password", "s3cret-from-file");
    }

    @Test
    void aMissingSecretFailsNamingItsKeyAndWhereItWasLookedFor(@TempDir Path dir) {
        KafkaConfig config = kafka(Map.of(), Map.of("sasl.jaas.config", "env:NOT_SET",
                "ssl.key.password", "file:" + dir.resolve("missing")));
        assertThatThrownBy(() -> KafkaClientProperties.of(config, name -> null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.secrets.sasl.jaas.config: environment variable NOT_SET is not set")
                .hasMessageContaining("kafka.secrets.ssl.key.password: cannot read " + dir.resolve("missing"));
    }

    @Test
    void theConfigurationsTextShowsNoSecretValue() {
        KafkaConfig config = kafka(Map.of("sasl.mechanism", "PLAIN"), Map.of("sasl.jaas.config", "env:KAFKA_JAAS"));
        assertThat(config.toString()).contains("sasl.jaas.config").doesNotContain("env:KAFKA_JAAS");
    }
}
