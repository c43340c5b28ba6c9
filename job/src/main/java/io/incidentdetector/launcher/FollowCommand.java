package io.incidentdetector.launcher;

import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.deadletter.Shown;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.connectors.kafka.DeadLetterSerializer;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.pipeline.ReadableText;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code follow}: prints an output topic as people read it, only what was committed (read_committed), from the
 * beginning; incidents and alerts one line each, dead letters with their origin and reason.
 */
@Command(name = "follow", mixinStandardHelpOptions = true,
        description = "Print the incidents (or alerts, or dead letters) topic readably, as records arrive.")
final class FollowCommand implements Callable<Integer> {

    @Mixin
    KafkaClientOptions client = new KafkaClientOptions();
    @Option(names = "--topic", paramLabel = "TOPIC", description = "topic to follow (default: kafka.topics.incidents)")
    String topic;
    @Option(names = "--idle-exit", paramLabel = "DURATION", converter = LocalLauncher.DurationConverter.class,
            description = "stop after nothing arrived for this long (default: follow until Ctrl-C)")
    Duration idleExit;

    @Override
    public Integer call() throws IOException {
        KafkaConfig kafka = client.kafka();
        String followed = topic == null ? kafka.topics().incidents() : topic;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientOptions.committedReader(kafka))) {
            List<TopicPartition> partitions = consumer.partitionsFor(followed, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                System.err.println("error: topic '" + followed + "' does not exist on " + kafka.bootstrapServers());
                return 2;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            System.err.println("following '" + followed + "' on " + kafka.bootstrapServers()
                    + (idleExit == null ? " (Ctrl-C to stop)" : ""));
            long lastRecord = System.nanoTime();
            long count = 0;
            while (idleExit == null || System.nanoTime() - lastRecord < idleExit.toNanos()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(render(record, kafka));
                    lastRecord = System.nanoTime();
                    count++;
                }
            }
            System.err.println(count + (count == 1 ? " record" : " records") + ", then nothing for " + idleExit);
        }
        return 0;
    }

    static String render(ConsumerRecord<byte[], byte[]> record, KafkaConfig kafka) {
        String value = record.value() == null ? "(null)" : new String(record.value(), StandardCharsets.UTF_8);
        try {
            if (record.topic().equals(kafka.topics().incidents())) {
                return ReadableText.incident(JsonCodec.mapper().readValue(value, Incident.class));
            }
            if (record.topic().equals(kafka.topics().alerts())) {
                return ReadableText.alert(JsonCodec.mapper().readValue(value, CanaryAlert.class));
            }
        } catch (IOException e) {
            return "(unreadable) " + value;
        }
        if (record.topic().equals(kafka.topics().deadLetters())) {
            return header(record, DeadLetterSerializer.ORIGIN) + "/" + header(record, DeadLetterSerializer.PARTITION)
                    + "@" + header(record, DeadLetterSerializer.POSITION) + "  " + header(record, DeadLetterSerializer.REASON)
                    + "  " + Shown.value(value);
        }
        return value;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? "-" : new String(h.value(), StandardCharsets.UTF_8);
    }
}
