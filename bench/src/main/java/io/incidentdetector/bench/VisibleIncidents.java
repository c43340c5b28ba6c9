package io.incidentdetector.bench;

import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A read_committed consumer of the incident topic, noting when each update becomes visible. */
final class VisibleIncidents extends Thread {
    final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();

    VisibleIncidents(String bootstrap, String topic) {
        super("bench-read-committed");
        setDaemon(true);
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "bench-visible-" + System.nanoTime());
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    private volatile boolean stopping;

    /**
     * Waits until the consumer has seen every one of {@code keys}, or for {@code atMost} (an update whose transaction
     * was never committed is never seen): the job has ended, so what it committed is already in the topic.
     */
    void awaitAll(Set<String> keys, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!seen.keySet().containsAll(keys) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    void finish() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        join();
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Incident incident = JsonCodec.mapper().readValue(r.value(), Incident.class);
                    if (LatencyRows.measured(incident)) {
                        seen.putIfAbsent(LatencyRows.key(incident), now);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // asked to stop
        } catch (Exception e) {
            failures.add(e);
        } finally {
            consumer.close();
        }
    }
}
