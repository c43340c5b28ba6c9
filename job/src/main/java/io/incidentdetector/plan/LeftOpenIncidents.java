package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.LeftOpen;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Before a job that starts without state is defined: the incidents the incidents topic still shows open (read with
 * {@code read_committed} to its end offsets, the latest record of each id), each as the record that resolves it
 * ({@link LeftOpen}). The job writes those through its own outputs, so they are committed with its first checkpoint,
 * exactly once: a start killed before that checkpoint leaves them uncommitted, and the next start, again without
 * state, finds the same incidents open; a start that resumes from a checkpoint reads nothing.
 */
public final class LeftOpenIncidents {

    private static final Logger LOG = LoggerFactory.getLogger(LeftOpenIncidents.class);

    private LeftOpenIncidents() {}

    /** The resolutions of the incidents left open, at {@code now}; none unless {@code kafka.resolve-left-open}. */
    public static List<Incident> resolutions(RunPlan plan, Properties clientProperties, Instant now) {
        KafkaConfig kafka = plan.config().kafka();
        if (!(plan.inputs() instanceof InputPlan.Kafka) || !kafka.resolveLeftOpen()) {
            return List.of();
        }
        return read(kafka, clientProperties).stream().map(open -> LeftOpen.resolution(open, now)).toList();
    }

    /** The console line for people, or empty when there was nothing to resolve. */
    public static Optional<String> line(List<Incident> resolutions) {
        if (resolutions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("left open: " + resolutions.size() + " incident(s) a previous run left open are resolved,"
                + " as this start has no state to judge them by: " + String.join(", ", resolutions.stream()
                .map(Incident::id).limit(10).toList()) + (resolutions.size() > 10 ? ", ..." : ""));
    }

    static List<Incident> read(KafkaConfig kafka, Properties clientProperties) {
        String topic = kafka.topics().incidents();
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, kafka.groupId() + "-left-open");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Map.Entry<String, Incident>> records = new ArrayList<>();
        int unreadable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, kafka.startupCheckTimeout()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // for read_committed, the last stable offsets: a transaction a killed run left open is not waited for
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, kafka.startupCheckTimeout());
            long deadline = System.nanoTime() + kafka.startupCheckTimeout().toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("kafka.topics.incidents", List.of("could not read topic '" + topic
                            + "' to its end within kafka.startup-check-timeout (" + kafka.startupCheckTimeout()
                            + ") to find the incidents a previous run left open. Fix: raise"
                            + " kafka.startup-check-timeout, or set kafka.resolve-left-open: false"));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        unreadable++;
                        continue;
                    }
                    String id = new String(record.key(), StandardCharsets.UTF_8);
                    try {
                        Incident incident = record.value() == null ? null
                                : JsonCodec.mapper().readValue(record.value(), Incident.class);
                        if (incident != null && (incident.status() == null || !id.equals(incident.id()))) {
                            unreadable++;
                            continue;
                        }
                        records.add(new AbstractMap.SimpleEntry<>(id, incident));
                    } catch (IOException e) {
                        unreadable++;
                    }
                }
            }
        }
        if (unreadable > 0) {
            LOG.warn("{} records of topic '{}' are not incident records keyed by id; left out of the incidents left"
                    + " open", unreadable, topic);
        }
        return LeftOpen.open(records);
    }
}
