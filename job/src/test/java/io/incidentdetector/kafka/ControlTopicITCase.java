package io.incidentdetector.kafka;

import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.control.ControlAudit;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control topic on a real broker, with the demo through Kafka: a silence that holds back the latency incident,
 * an acknowledgement of the canary incident, and three commands that are refused; every one echoed on the audit
 * topic with its outcome and reason.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ControlTopicITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("transaction.max.timeout.ms", "300000"));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    private static final String CANARY_INCIDENT = "error-rate-canary-5.0007.610.011-1767227550";

    @Test
    void commandsApplyInEventTimeAndEveryOneIsAudited() throws Exception {
        KafkaConfig.KafkaTopicsConfig base = KafkaJobRuns.topics("ctl-", false);
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(base.serviceCalls(),
                base.clientErrors(), base.incidents(), base.alerts(), base.deadLetters(), null, null, null,
                "ctl-control", null);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        BROKER.createTopic("ctl-control", 1, Map.of());
        BROKER.createTopic("ctl-control-audit", 1, Map.of());
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "ctl", true, topics, Map.of(), Map.of()));
        BROKER.produceRaw("ctl-control", 0, List.of(
                utf8("{\"id\":\"s1\",\"at\":\"2026-01-01T00:05:00Z\",\"command\":\"silence\",\"service\":\"cartservice\","
                        + "\"until\":\"2026-01-01T00:40:00Z\",\"mode\":\"suppress\",\"by\":\"ann\",\"reason\":\"upgrade\"}"),
                utf8("{\"id\":\"t1\",\"at\":\"2026-01-01T00:05:00Z\",\"command\":\"set-threshold\",\"group\":\"nobody\","
                        + "\"threshold\":5}"),
                utf8("not json"),
                utf8("{\"id\":\"a1\",\"at\":\"2026-01-01T00:35:00Z\",\"command\":\"acknowledge\",\"incident\":\""
                        + CANARY_INCIDENT + "\",\"by\":\"bob\"}"),
                utf8("{\"id\":\"r1\",\"at\":\"2026-01-01T00:36:00Z\",\"command\":\"resolve\","
                        + "\"incident\":\"latency-nope-1\"}")));
        KafkaJobRuns.produceScenario(BROKER, loaded);

        JobExecutionResult result = KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("demo", BROKER));

        List<Incident> incidents = KafkaJobRuns.incidents(BROKER.readCommitted(topics.incidents(),
                Duration.ofSeconds(5), r -> r.size() >= 2));
        assertThat(incidents).as("the latency incident opened and resolved inside the silence: held back")
                .extracting(Incident::kind).containsOnly(IncidentKind.ERROR_RATE);
        assertThat(incidents).extracting(Incident::status).containsExactly(IncidentStatus.OPEN,
                IncidentStatus.RESOLVED);

        List<ControlAudit> audit = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : BROKER.readCommitted("ctl-control-audit", Duration.ofSeconds(10),
                r -> r.size() >= 5)) {
            audit.add(JsonCodec.mapper().readValue(r.value(), ControlAudit.class));
        }
        assertThat(audit).extracting(ControlAudit::id, ControlAudit::outcome).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("s1", ControlAudit.APPLIED),
                org.assertj.core.groups.Tuple.tuple("t1", ControlAudit.REJECTED),
                org.assertj.core.groups.Tuple.tuple("ctl-control-0-2", ControlAudit.REJECTED),
                org.assertj.core.groups.Tuple.tuple("a1", ControlAudit.APPLIED),
                org.assertj.core.groups.Tuple.tuple("r1", ControlAudit.REJECTED));
        assertThat(audit).filteredOn(a -> a.id().equals("r1")).singleElement()
                .satisfies(a -> assertThat(a.reason()).startsWith("no open incident latency-nope-1"));
        assertThat(audit).filteredOn(a -> a.id().equals("a1")).singleElement()
                .satisfies(a -> assertThat(a.reason()).startsWith("acknowledged by bob at 2026-01-01T00:35:00Z"));
        assertThat(incidents.get(1).acknowledged()).isEqualTo("bob at 2026-01-01T00:35:00Z");
        assertThat(result.<Long>getAccumulatorResult("control-commands")).isEqualTo(5L);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
