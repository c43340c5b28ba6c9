package io.incidentdetector.kafka;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

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
        TestKitNodes.Builder nodes = new TestKitNodes.Builder()
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1);
        if (sasl) {
            nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
        }
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
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
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }
}
