package io.incidentdetector.launcher;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.scenario.ScenarioCatalog;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import picocli.CommandLine.Option;

import java.util.Properties;

/** Where the Kafka commands find the brokers, topics and client settings: the job configuration, or the option. */
final class KafkaClientOptions {

    @Option(names = "--config", defaultValue = "local.yaml",
            description = "job configuration: topics and client settings (default: ${DEFAULT-VALUE})")
    String config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "default: kafka.bootstrap-servers")
    String bootstrapServers;

    JobConfig jobConfig() {
        return ConfigLoader.load(config, ScenarioCatalog.allNames()).config();
    }

    KafkaConfig kafka() {
        return jobConfig().kafka().with(true, bootstrapServers);
    }

    /** A consumer's settings that read committed records only, as bytes, committing no offsets. */
    static Properties committedReader(KafkaConfig kafka) {
        Properties props = KafkaClientProperties.of(kafka);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }
}
