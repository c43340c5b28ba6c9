package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.KafkaConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Marks this process, for as long as it runs the job, as the live job of its {@code kafka.transactional-id-prefix},
 * and refuses a start while another live job holds the same prefix (two jobs on one prefix abort and fence each
 * other's transactions).
 *
 * <p>Flink's Kafka source joins no consumer group (it assigns partitions itself), so the mark is a static member of a
 * group of its own, {@code <prefix>.live}, that reads nothing. Its instance id names the instance: the launcher's
 * state folder (which only one launcher can hold at a time), or the process id where there is no state folder. Kafka
 * drops the member at once on a clean stop and within {@value #SESSION_SECONDS} s of a kill; a start of the same
 * instance replaces its killed predecessor at once, so only a member of another instance is another live job.
 */
public final class TransactionalIdClaim implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalIdClaim.class);
    static final int SESSION_SECONDS = 10;
    private static final String SUFFIX = ".live";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String group;
    private final Thread heartbeat;
    private volatile boolean closed;

    private TransactionalIdClaim(KafkaConsumer<byte[], byte[]> consumer, String group) {
        this.consumer = consumer;
        this.group = group;
        this.heartbeat = new Thread(this::pollUntilClosed, "transactional-id-claim");
        this.heartbeat.setDaemon(true);
    }

    /**
     * Joins the prefix's group as {@code instance} and looks at who else is in it. Refuses with a
     * {@link ConfigException} naming the key and the fix when another live job is.
     */
    public static TransactionalIdClaim claim(KafkaConfig kafka, Properties clientProperties, String instance) {
        String group = group(kafka.transactionalIdPrefix());
        String clientId = group + "-" + host() + "-" + instance;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"); // the only one whose session timeout a client sets
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.toString(SESSION_SECONDS * 1000));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        TransactionalIdClaim claim = new TransactionalIdClaim(consumer, group);
        try {
            consumer.subscribe(List.of(kafka.topics().incidents()), new ReadNothing(consumer));
            // a killed member of another instance holds up the join until Kafka drops it
            long deadline = System.nanoTime()
                    + kafka.startupCheckTimeout().plusSeconds(SESSION_SECONDS).toNanos();
            while (consumer.groupMetadata().generationId() < 0) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("kafka.transactional-id-prefix", List.of("could not join the consumer"
                            + " group " + group + ", which marks the live job of this prefix, within "
                            + kafka.startupCheckTimeout().plusSeconds(SESSION_SECONDS) + ". Fix: check that the"
                            + " brokers' ACLs allow this client to use consumer groups named " + group));
                }
                consumer.poll(Duration.ofMillis(200));
            }
            String memberId = consumer.groupMetadata().memberId();
            List<MemberDescription> others = members(clientProperties, group, kafka.startupCheckTimeout()).stream()
                    .filter(m -> !m.consumerId().equals(memberId) && !m.groupInstanceId().orElse("").equals(clientId))
                    .toList();
            if (!others.isEmpty()) {
                throw new ConfigException("kafka.transactional-id-prefix", List.of(refusal(kafka, others)));
            }
        } catch (RuntimeException e) {
            leave(consumer);
            throw e;
        }
        claim.heartbeat.start();
        return claim;
    }

    static String group(String prefix) {
        return prefix + SUFFIX;
    }

    /** The instance of a launcher: its state folder, which one launcher at a time can hold. */
    public static String instanceOf(Path stateFolder) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(stateFolder.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "state-" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The instance of a process without a state folder. */
    public static String thisProcess() {
        return "pid-" + ProcessHandle.current().pid();
    }

    static String refusal(KafkaConfig kafka, List<MemberDescription> others) {
        String who = String.join(", ", others.stream().map(m -> m.clientId() + " at " + m.host()).toList());
        return "another live job uses kafka.transactional-id-prefix '" + kafka.transactionalIdPrefix() + "' (" + who
                + "); two jobs on one prefix abort and fence each other's transactions. Fix: give this job a job.name"
                + " of its own (kafka.transactional-id-prefix and kafka.group-id derive from it), or set"
                + " kafka.transactional-id-prefix and kafka.group-id to values no other job uses. If that job was"
                + " killed less than " + SESSION_SECONDS + " s ago, start again after that";
    }

    private static List<MemberDescription> members(Properties clientProperties, String group, Duration timeout) {
        try (Admin admin = Admin.create(clientProperties)) {
            return List.copyOf(admin.describeConsumerGroups(List.of(group)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(group).members());
        } catch (ExecutionException | TimeoutException e) {
            throw new ConfigException("kafka.transactional-id-prefix", List.of("could not describe the consumer group "
                    + group + ", which marks the live job of this prefix: " + e.getMessage() + ". Fix: check that"
                    + " the brokers' ACLs allow this client to describe consumer groups named " + group));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private void pollUntilClosed() {
        try {
            while (!closed) {
                consumer.poll(Duration.ofSeconds(1));
            }
        } catch (WakeupException e) {
            // closed
        } catch (FencedInstanceIdException e) {
            LOG.warn("another start of this job's instance took over its mark in consumer group {}", group);
        } finally {
            leave(consumer);
        }
    }

    /** A static member stays in its group after a plain close, until its session ends: it leaves explicitly. */
    private static void leave(KafkaConsumer<byte[], byte[]> consumer) {
        consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(5)));
    }

    /** Leaves the group: the prefix is free for the next job. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        heartbeat.join(10_000);
    }

    /** The mark reads no record: every partition it is given stays paused. */
    private record ReadNothing(KafkaConsumer<byte[], byte[]> consumer) implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
    }
}
