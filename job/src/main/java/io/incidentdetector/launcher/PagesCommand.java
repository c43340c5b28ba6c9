package io.incidentdetector.launcher;

import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.picture.IncidentPages;
import io.incidentdetector.picture.RatePoint;
import io.incidentdetector.sink.OutputFiles;

import com.fasterxml.jackson.databind.ObjectReader;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code pages}: the incident pages of a Kafka run, from its incidents, verdicts and alerts topics read (committed
 * records only) from the beginning up to their end when the command starts; or of a file run's folder
 * ({@code --from}), such as an unbounded run's while it runs.
 */
@Command(name = "pages", mixinStandardHelpOptions = true,
        description = "Write a page (HTML with charts) per incident, from the Kafka topics or a run's folder.")
final class PagesCommand implements Callable<Integer> {

    @Mixin
    KafkaClientOptions client = new KafkaClientOptions();
    @Option(names = "--from", paramLabel = "DIR", description = "a file run's folder (incidents.jsonl, windows.jsonl,"
            + " heatmap-cells.jsonl) instead of Kafka")
    Path from;
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "pages",
            description = "folder to write the pages into (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--incidents-topic", paramLabel = "TOPIC", description = "default: kafka.topics.incidents")
    String incidentsTopic;
    @Option(names = "--verdicts-topic", paramLabel = "TOPIC", description = "default: kafka.topics.verdicts")
    String verdictsTopic;
    @Option(names = "--alerts-topic", paramLabel = "TOPIC", description = "default: kafka.topics.alerts")
    String alertsTopic;
    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = LocalLauncher.DurationConverter.class,
            description = "longest time to read a topic to its end (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws IOException {
        JobConfig config = client.jobConfig();
        int written;
        if (from != null) {
            written = IncidentPageFiles.write(new OutputFiles(from), config.canary().bins(), out);
            System.out.println("wrote " + written + " incident pages from " + from + " to " + out);
            return 0;
        }
        KafkaConfig kafka = client.kafka();
        String incidents = incidentsTopic != null ? incidentsTopic : kafka.topics().incidents();
        String verdicts = verdictsTopic != null ? verdictsTopic : kafka.topics().verdicts();
        String alerts = alertsTopic != null ? alertsTopic : kafka.topics().alerts();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaClientOptions.committedReader(kafka))) {
            TopicToEnd reading = new TopicToEnd(consumer, timeout);
            List<Incident> records = new ArrayList<>();
            if (!reading.read(incidents, Incident.class, records::add)) {
                System.err.println("error: topic '" + incidents + "' does not exist on " + kafka.bootstrapServers());
                return 2;
            }
            IncidentPages pages = new IncidentPages(records);
            List<String> read = new ArrayList<>(List.of(incidents));
            if (verdicts != null && reading.read(verdicts, WindowVerdict.class, pages::accept)) {
                read.add(verdicts);
            }
            Duration bin = Duration.ofSeconds(config.canary().bins());
            if (alerts != null && reading.read(alerts, CanaryAlert.class, a -> pages.accept(new RatePoint(a.code(),
                    a.at(), bin.multipliedBy(a.window()), a.baselineCount(), a.canaryCount())))) {
                read.add(alerts);
            }
            written = records.isEmpty() ? 0 : pages.write(out, "the topics " + String.join(", ", read) + " on "
                    + kafka.bootstrapServers());
            System.out.println("wrote " + written + " incident pages from " + records.size() + " incident records of '"
                    + incidents + "' to " + out);
        }
        return 0;
    }

    /** Reads a topic from its beginning to the end it had when reading started; unreadable records are skipped. */
    record TopicToEnd(KafkaConsumer<byte[], byte[]> consumer, Duration timeout) {

        /** False if the topic does not exist. */
        <T> boolean read(String topic, Class<T> type, Consumer<T> each) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                return false;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            ObjectReader reader = JsonCodec.mapper().readerFor(type);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!atEnd(end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read '" + topic + "' to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue;
                    }
                    T value;
                    try {
                        value = reader.readValue(record.value());
                    } catch (IOException e) {
                        continue;
                    }
                    each.accept(value);
                }
            }
            consumer.unsubscribe();
            return true;
        }

        private boolean atEnd(Map<TopicPartition, Long> end) {
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
    }
}
