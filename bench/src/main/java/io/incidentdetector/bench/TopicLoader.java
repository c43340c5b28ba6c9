package io.incidentdetector.bench;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.scenario.ScenarioEvents;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/** Creates a run's topics and loads the input topic with a scenario's service calls as JSON, keyed by pair. */
final class TopicLoader {

    private TopicLoader() {}

    static void createTopics(String bootstrapServers, KafkaConfig.KafkaTopicsConfig topics, int inputPartitions)
            throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        List<NewTopic> all = new ArrayList<>();
        for (String t : topics.serviceCalls()) {
            all.add(new NewTopic(t, inputPartitions, (short) 1));
        }
        for (String t : topics.clientErrors()) {
            all.add(new NewTopic(t, inputPartitions, (short) 1));
        }
        for (String t : List.of(topics.incidents(), topics.alerts(), topics.deadLetters())) {
            all.add(new NewTopic(t, 1, (short) 1));
        }
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(all).all().get();
        }
    }

    /** Produces the scenario's service calls; returns how many, and keeps their JSON when {@code sample} is set. */
    static long load(String bootstrapServers, String topic, ScenarioConfig settings, List<byte[]> sample,
            int sampleSize) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long count = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            Iterator<ScenarioEvents.Record> records = ScenarioEvents.of(settings.name(), settings);
            while (records.hasNext()) {
                ScenarioEvents.Record r = records.next();
                if (!InputEvent.SERVICE_CALL.equals(r.type())) {
                    continue;
                }
                byte[] value = r.json().getBytes(StandardCharsets.UTF_8);
                if (sample != null && sample.size() < sampleSize) {
                    sample.add(value);
                }
                producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key().getBytes(StandardCharsets.UTF_8),
                        value), (meta, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                count++;
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return count;
    }
}
