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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the job needs to know about the brokers before it starts: are they reachable with these client settings,
 * which topics exist, and the largest transaction timeout they accept. Read once, on the client, so that a bad
 * address, a missing topic or a too long transaction timeout fails the submission with a clear message instead
 * of restarting the job in a loop.
 *
 * @param topics                the topics that exist (internal ones excluded)
 * @param maxTransactionTimeout the brokers' {@code transaction.max.timeout.ms}; null when it could not be read
 *                              (e.g. not authorised to describe broker configs)
 * @param note                  why {@code maxTransactionTimeout} is null, if it is
 */
public record BrokerFacts(Set<String> topics, Duration maxTransactionTimeout, String note) {

    public static final String MAX_TRANSACTION_TIMEOUT = "transaction.max.timeout.ms";

    /** Thrown when the brokers cannot be reached or refuse the client (wrong address, credentials, protocol). */
    public static final class UnreachableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static BrokerFacts read(Properties clientProperties, Duration timeout) throws UnreachableException {
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
            try {
                Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(broker)).all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                ConfigEntry entry = configs.get(broker).get(MAX_TRANSACTION_TIMEOUT);
                Duration max = entry == null || entry.value() == null ? null
                        : Duration.ofMillis(Long.parseLong(entry.value()));
                return new BrokerFacts(topics, max, max == null ? "the broker did not report " + MAX_TRANSACTION_TIMEOUT : null);
            } catch (ExecutionException | TimeoutException | NumberFormatException e) {
                return new BrokerFacts(topics, null, "cannot read " + MAX_TRANSACTION_TIMEOUT + ": " + rootMessage(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new UnreachableException(rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
