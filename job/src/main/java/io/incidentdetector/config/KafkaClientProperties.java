package io.incidentdetector.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The client properties every Kafka consumer, producer and admin client of the job gets: the bootstrap servers,
 * {@code kafka.properties} as written, and {@code kafka.secrets} read from environment variables or files. Secret
 * values never appear in messages; a missing one fails the start naming its key.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {}

    public static Properties of(KafkaConfig kafka) {
        return of(kafka, System::getenv);
    }

    static Properties of(KafkaConfig kafka, Function<String, String> environment) {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());
        kafka.properties().forEach(props::setProperty);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> secret : kafka.secrets().entrySet()) {
            String key = "kafka.secrets." + secret.getKey();
            String reference = secret.getValue();
            if (reference.startsWith("env:")) {
                String variable = reference.substring(4);
                String value = environment.apply(variable);
                if (value == null || value.isEmpty()) {
                    problems.add(key + ": environment variable " + variable + " is not set. Fix: export it where the"
                            + " job is started (and on every TaskManager)");
                } else {
                    props.setProperty(secret.getKey(), value);
                }
            } else if (reference.startsWith("file:")) {
                Path file = Path.of(reference.substring(5));
                try {
                    props.setProperty(secret.getKey(), Files.readString(file, StandardCharsets.UTF_8).strip());
                } catch (IOException e) {
                    problems.add(key + ": cannot read " + file + " (" + e.getClass().getSimpleName() + "). Fix: check"
                            + " the path and that the job may read it");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("kafka.secrets", problems);
        }
        return props;
    }
}
