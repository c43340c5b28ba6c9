package io.incidentdetector.launcher;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.scenario.ScenarioCatalog;

import picocli.CommandLine.Option;

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
}
