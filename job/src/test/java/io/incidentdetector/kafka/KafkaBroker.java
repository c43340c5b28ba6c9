package io.incidentdetector.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker ({@link SingleNodeKafka}), in process, started once per test class.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

    /** The test kit's SASL/PLAIN super user. */
    public static final String SASL_USER = "plain-admin";
    public static final String SASL_PASSWORD = "plain-admin-secret";

    private final boolean sasl;
    private final Map<String, String> brokerConfig;
    private final boolean restartable;
    private SingleNodeKafka.Home home;
    private KafkaClusterTestKit cluster;

    private KafkaBroker(boolean sasl, Map<String, String> brokerConfig) {
        this(sasl, brokerConfig, false);
    }

    private KafkaBroker(boolean sasl, Map<String, String> brokerConfig, boolean restartable) {
        this.sasl = sasl;
        this.brokerConfig = brokerConfig;
        this.restartable = restartable;
    }

    /** A plaintext broker that {@link #stop()} and {@link #restart()} take down and bring back, as an outage. */
    public static KafkaBroker restartable() {
        return new KafkaBroker(false, Map.of(), true);
    }

    public static KafkaBroker plaintext() {
        return new KafkaBroker(false, Map.of());
    }

    public static KafkaBroker plaintext(Map<String, String> brokerConfig) {
        return new KafkaBroker(false, brokerConfig);
    }

    /** A broker whose client listener requires SASL/PLAIN. */
    public static KafkaBroker saslPlain() {
        return new KafkaBroker(true, Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (restartable) {
            home = SingleNodeKafka.Home.in(Files.createTempDirectory("kafka-restartable-"));
        }
        cluster = SingleNodeKafka.start(sasl, brokerConfig, home);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home.directory())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Shuts the broker down, as a stopped broker process: its port refuses connections, its data stays. */
    public void stop() throws Exception {
        if (home == null) {
            throw new IllegalStateException("only a KafkaBroker.restartable() can be stopped and started again");
        }
        cluster.close();
        cluster = null;
    }

    /** Starts the stopped broker again on its port and data. */
    public void restart() throws Exception {
        if (home == null || cluster != null) {
            throw new IllegalStateException("restart() follows stop() of a KafkaBroker.restartable()");
        }
        cluster = SingleNodeKafka.start(sasl, brokerConfig, home);
    }

    public String bootstrapServers() {
        return home != null ? "localhost:" + home.port() : cluster.bootstrapServers();
    }

    /** Client properties that reach this broker (with SASL credentials when it requires them). */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        if (sasl) {
            props.putAll(saslProperties());
            props.put("sasl.jaas.config", saslJaasConfig(SASL_USER, SASL_PASSWORD));
        }
        return props;
    }

    public static Map<String, String> saslProperties() {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN");
    }

    public static String saslJaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    public void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get();
        }
    }

    public void createTopics(int partitions, String... names) throws Exception {
        for (String name : names) {
            createTopic(name, partitions, Map.of());
        }
    }

    /** Sends records (key may be null) and waits until all are acknowledged. */
    public void produce(String topic, List<String[]> keyValues) {
        Properties props = clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (String[] kv : keyValues) {
                producer.send(new ProducerRecord<>(topic, kv[0] == null ? null : kv[0].getBytes(StandardCharsets.UTF_8),
                        kv[1] == null ? null : kv[1].getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** Sends raw values to one partition. */
    public void produceRaw(String topic, int partition, List<byte[]> values) {
        produceRaw(topic, partition, null, values);
    }

    /** Sends raw values to one partition, with this record timestamp (null: the producer's clock). */
    public void produceRaw(String topic, int partition, Long timestamp, List<byte[]> values) {
        Properties props = clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, partition, timestamp, null, value));
            }
            producer.flush();
        }
    }

    /** Sends records as they are (headers, partition, timestamp), in order. */
    public void produceRecords(List<ProducerRecord<byte[], byte[]>> records) {
        Properties props = clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /**
     * Reads a topic from the beginning with {@code read_committed} until {@code done} holds for what was read, or
     * the timeout passes; returns what was read either way.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, Duration timeout,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        return read(topic, "read_committed", timeout, done);
    }

    /** Like {@link #readCommitted}, with the given {@code isolation.level}. */
    public List<ConsumerRecord<byte[], byte[]>> read(String topic, String isolation, Duration timeout,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        Properties props = clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !done.test(records)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Everything a {@code read_committed} reader can see in the topic now: reads every partition up to its end offset
     * (for read_committed, the last stable offset), so nothing committed is missed and no time is guessed.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommittedToEnd(String topic, Duration timeout) {
        Properties props = clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within "
                            + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** How many records the topic holds: the sum of its partitions' end offsets (transaction markers included). */
    public long endOffsets(String topic) throws Exception {
        try (Admin admin = Admin.create(clientProperties())) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    public static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
