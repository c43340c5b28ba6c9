package io.incidentdetector.connectors.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the job needs to know about the brokers before it starts: are they reachable with these client settings,
 * which topics exist, the largest transaction timeout they accept, and the largest record batch they and the output
 * topics accept. Read once, on the client, so that a bad address, a missing topic, a too long transaction timeout or
 * records too large for a topic fail the submission with a clear message instead of restarting the job in a loop.
 *
 * @param topics                the topics that exist (internal ones excluded)
 * @param maxTransactionTimeout the brokers' {@code transaction.max.timeout.ms}; null when it could not be read
 *                              (e.g. not authorised to describe broker configs)
 * @param note                  why {@code maxTransactionTimeout} is null, if it is
 * @param maxMessageBytes       the broker's {@code message.max.bytes}; null when it could not be read
 * @param topicMaxMessageBytes  {@code max.message.bytes} of the topics asked about that exist and could be described
 */
public record BrokerFacts(Set<String> topics, Duration maxTransactionTimeout, String note, Integer maxMessageBytes,
        Map<String, Integer> topicMaxMessageBytes) {

    public static final String MAX_TRANSACTION_TIMEOUT = "transaction.max.timeout.ms";
    public static final String MAX_MESSAGE_BYTES = "message.max.bytes";
    public static final String TOPIC_MAX_MESSAGE_BYTES = "max.message.bytes";

    public BrokerFacts {
        topicMaxMessageBytes = topicMaxMessageBytes == null ? Map.of() : Map.copyOf(topicMaxMessageBytes);
    }

    public BrokerFacts(Set<String> topics, Duration maxTransactionTimeout, String note) {
        this(topics, maxTransactionTimeout, note, null, Map.of());
    }

    /**
     * The largest record batch {@code topic} accepts: its {@code max.message.bytes}, else the broker's
     * {@code message.max.bytes}; null when neither is known.
     */
    public Integer maxMessageBytes(String topic) {
        Integer own = topicMaxMessageBytes.get(topic);
        return own != null ? own : maxMessageBytes;
    }

    /** Thrown when the brokers cannot be reached or refuse the client (wrong address, credentials, protocol). */
    public static final class UnreachableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static BrokerFacts read(Properties clientProperties, Duration timeout) throws UnreachableException {
        return read(clientProperties, timeout, Set.of());
    }

    /** @param describe topics whose {@code max.message.bytes} to read, if they exist */
    public static BrokerFacts read(Properties clientProperties, Duration timeout, Collection<String> describe)
            throws UnreachableException {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.putIfAbsent("request.timeout.ms", Long.toString(timeout.toMillis()));
        props.putIfAbsent("default.api.timeout.ms", Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(props)) {
            Collection<Node> nodes;
            Set<String> topics;
            try {
                int ms = (int) timeout.toMillis();
                nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                topics = admin.listTopics(new ListTopicsOptions().timeoutMs(ms)).names()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new UnreachableException(rootMessage(e), e);
            } catch (TimeoutException e) {
                throw new UnreachableException("no answer within " + timeout, e);
            }
            if (nodes.isEmpty()) {
                return new BrokerFacts(topics, null, "the cluster reported no brokers");
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            Map<String, Integer> topicLimits = topicLimits(admin, describe, topics, timeout);
            try {
                Config config = admin.describeConfigs(List.of(broker)).all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(broker);
                String ms = value(config, MAX_TRANSACTION_TIMEOUT);
                Duration max = ms == null ? null : Duration.ofMillis(Long.parseLong(ms));
                String bytes = value(config, MAX_MESSAGE_BYTES);
                return new BrokerFacts(topics, max, max == null ? "the broker did not report " + MAX_TRANSACTION_TIMEOUT
                        : null, bytes == null ? null : Integer.valueOf(bytes), topicLimits);
            } catch (ExecutionException | TimeoutException | NumberFormatException e) {
                return new BrokerFacts(topics, null, "cannot read " + MAX_TRANSACTION_TIMEOUT + ": " + rootMessage(e),
                        null, topicLimits);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UnreachableException(rootMessage(e), e);
        }
    }

    /** {@code max.message.bytes} of those of {@code describe} that exist; none if they cannot be described. */
    private static Map<String, Integer> topicLimits(Admin admin, Collection<String> describe, Set<String> existing,
            Duration timeout) throws InterruptedException {
        List<ConfigResource> resources = describe.stream().filter(existing::contains).distinct()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        if (resources.isEmpty()) {
            return Map.of();
        }
        try {
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Integer> limits = new HashMap<>();
            configs.forEach((resource, config) -> {
                String bytes = value(config, TOPIC_MAX_MESSAGE_BYTES);
                if (bytes != null) {
                    limits.put(resource.name(), Integer.valueOf(bytes));
                }
            });
            return limits;
        } catch (ExecutionException | TimeoutException | NumberFormatException e) {
            return Map.of();
        }
    }

    private static String value(Config config, String name) {
        ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null ? null : entry.value();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
