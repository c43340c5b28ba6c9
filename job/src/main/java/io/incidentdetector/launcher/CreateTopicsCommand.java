package io.incidentdetector.launcher;

import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.config.KafkaConfig;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code create-topics}: creates the topics the configuration names, if missing. The incidents topic is compacted
 * (the latest state of each incident stays); input topics get several partitions so the sources read in parallel.
 */
@Command(name = "create-topics", mixinStandardHelpOptions = true,
        description = "Create the Kafka topics the configuration names (those that do not exist yet).")
final class CreateTopicsCommand implements Callable<Integer> {

    @Mixin
    KafkaClientOptions client = new KafkaClientOptions();
    @Option(names = "--partitions", defaultValue = "3", description = "partitions of the input topics (default: ${DEFAULT-VALUE})")
    int partitions;
    @Option(names = "--replication-factor", defaultValue = "1", description = "default: ${DEFAULT-VALUE}")
    short replication;

    @Override
    public Integer call() throws Exception {
        KafkaConfig kafka = client.kafka();
        Map<String, NewTopic> wanted = new LinkedHashMap<>();
        KafkaConfig.KafkaTopicsConfig t = kafka.topics();
        for (String topic : t.serviceCalls()) {
            wanted.put(topic, new NewTopic(topic, partitions, replication));
        }
        for (String topic : t.clientErrors()) {
            wanted.put(topic, new NewTopic(topic, partitions, replication));
        }
        for (String topic : t.otlpSpans()) {
            wanted.put(topic, new NewTopic(topic, partitions, replication));
        }
        wanted.put(t.incidents(), new NewTopic(t.incidents(), 1, replication)
                .configs(Map.of("cleanup.policy", "compact")));
        wanted.put(t.alerts(), new NewTopic(t.alerts(), 1, replication));
        wanted.put(t.deadLetters(), new NewTopic(t.deadLetters(), 1, replication));
        if (t.verdicts() != null) {
            wanted.put(t.verdicts(), new NewTopic(t.verdicts(), partitions, replication));
        }
        if (t.lateEvents() != null) {
            wanted.put(t.lateEvents(), new NewTopic(t.lateEvents(), 1, replication));
        }
        if (t.control() != null) {
            // the broker's time, which no producer sets, is when a signed command was sent (control.auth.max-age)
            wanted.put(t.control(), new NewTopic(t.control(), 1, replication)
                    .configs(Map.of("message.timestamp.type", "LogAppendTime")));
            wanted.put(t.controlAudit(), new NewTopic(t.controlAudit(), 1, replication));
        }
        try (Admin admin = Admin.create(KafkaClientProperties.of(kafka))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            wanted.forEach((name, topic) -> {
                if (existing.contains(name)) {
                    System.out.println("exists   " + name);
                } else {
                    missing.add(topic);
                }
            });
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            missing.forEach(topic -> System.out.println("created  " + topic.name() + " (" + topic.numPartitions()
                    + (topic.numPartitions() == 1 ? " partition" : " partitions") + (topic.configs() == null || topic.configs().isEmpty() ? "" : ", " + topic.configs())
                    + ")"));
        }
        return 0;
    }
}
