package io.incidentdetector.kafka;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.ServerSocketFactory;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real broker that the tests ({@link KafkaBroker}) and the benchmark's broker process run: one KRaft node,
 * broker and controller in one, from Kafka's own test kit, on loopback. Replication factors are 1, and retention is
 * off: the job stamps records with event time, and replays of past data must not be deleted at once.
 */
public final class SingleNodeKafka {

    private SingleNodeKafka() {}

    /**
     * Starts the broker and waits until it is ready.
     *
     * @param sasl         clients must authenticate with SASL/PLAIN; authorisation stays open (the test kit's
     *                     controller listener is plaintext)
     * @param brokerConfig further broker settings, applied last
     */
    public static KafkaClusterTestKit start(boolean sasl, Map<String, String> brokerConfig) throws Exception {
        return start(sasl, brokerConfig, null);
    }

    /**
     * Where a broker that can be stopped and started again keeps its data, and the port its clients use: the same
     * on every start, so the job's clients find it again with its topics, offsets and open transactions.
     */
    public record Home(Path directory, String clusterId, int port) {

        /** A new home in {@code directory} (created), on a port free now. */
        public static Home in(Path directory) throws IOException {
            Files.createDirectories(directory);
            try (ServerSocket socket = new ServerSocket(0)) {
                return new Home(directory, org.apache.kafka.common.Uuid.randomUuid().toString(),
                        socket.getLocalPort());
            }
        }

        /** Something was written here: the broker ran before, and its folder is formatted. */
        boolean formatted() throws IOException {
            try (var files = Files.list(directory)) {
                return files.findAny().isPresent();
            }
        }
    }

    /**
     * Starts the broker in {@code home} (null: a temporary folder deleted on close, a random port), formatting its
     * folder only the first time.
     */
    public static KafkaClusterTestKit start(boolean sasl, Map<String, String> brokerConfig, Home home)
            throws Exception {
        TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        if (sasl) {
            nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
        }
        if (home != null) {
            nodes.setBaseDirectory(home.directory()).setClusterId(home.clusterId());
        }
        TestKitNodes built = nodes.build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(built)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("log.retention.ms", "-1")
                .setConfigProp("auto.create.topics.enable", "false");
        if (sasl) {
            builder.setConfigProp("allow.everyone.if.no.acl.found", "true");
        }
        brokerConfig.forEach(builder::setConfigProp);
        boolean format = home == null || !home.formatted();
        if (home != null) {
            builder.setDeleteOnClose(false);
        }
        KafkaClusterTestKit cluster = builder.build();
        try {
            if (home != null) {
                onPort(cluster, built, home.port());
            }
            if (format) {
                cluster.format();
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The kit binds every listener to a random port before the servers start, and the broker takes the socket bound
     * for it (and advertises its port). This swaps the broker listener's socket for one bound to {@code port}; the
     * kit has no setting for it.
     */
    @SuppressWarnings("unchecked")
    private static void onPort(KafkaClusterTestKit cluster, TestKitNodes nodes, int port) throws Exception {
        Field managerField = KafkaClusterTestKit.class.getDeclaredField("socketFactoryManager");
        managerField.setAccessible(true);
        Object manager = managerField.get(cluster);
        Field socketsField = manager.getClass().getDeclaredField("sockets");
        socketsField.setAccessible(true);
        synchronized (manager) {
            Map<Integer, Map<String, ServerSocketChannel>> sockets =
                    (Map<Integer, Map<String, ServerSocketChannel>>) socketsField.get(manager);
            int broker = nodes.brokerNodes().firstKey();
            String listener = nodes.brokerListenerName().value();
            ServerSocketChannel random = sockets.get(broker).get(listener);
            random.close();
            sockets.get(broker).put(listener, ServerSocketFactory.INSTANCE.openServerSocket(listener,
                    new InetSocketAddress(port), -1, -1));
        }
    }
}
