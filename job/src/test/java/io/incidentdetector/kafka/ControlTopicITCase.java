package io.incidentdetector.kafka;

import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.config.ControlKeyConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.control.CommandSignature;
import io.incidentdetector.control.ControlAudit;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control topic on a real broker, with the demo through Kafka: a silence that holds back the latency incident,
 * an acknowledgement of the canary incident, and three commands that are refused; every one echoed on the audit
 * topic with its outcome and reason. Signed commands apply as their key's; unsigned, forged, expired and replayed
 * ones are refused in the audit.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ControlTopicITCase {

    @RegisterExtension
    static final KafkaBroker BROKER = KafkaBroker.plaintext(Map.of("transaction.max.timeout.ms", "300000"));

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(2, 1);

    private static final String CANARY_INCIDENT = "error-rate-canary-5.0007.610.011-1767227550";

    /** The demo's topics named {@code prefix-...}, with {@code prefix-control} and its audit topic, created. */
    private static KafkaConfig.KafkaTopicsConfig controlTopics(String prefix) throws Exception {
        KafkaConfig.KafkaTopicsConfig base = KafkaJobRuns.topics(prefix + "-", false);
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(base.serviceCalls(),
                base.clientErrors(), base.incidents(), base.alerts(), base.deadLetters(), null, null, null,
                prefix + "-control", null);
        KafkaJobRuns.createTopics(BROKER, topics, 2);
        BROKER.createTopic(prefix + "-control", 1, Map.of());
        BROKER.createTopic(prefix + "-control-audit", 1, Map.of());
        return topics;
    }

    @Test
    void commandsApplyInEventTimeAndEveryOneIsAudited() throws Exception {
        KafkaConfig.KafkaTopicsConfig topics = controlTopics("ctl");
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "ctl", true, topics, Map.of(), Map.of()), KafkaJobRuns::unsignedCommands);
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

    /**
     * Commands timed in 2090, in 1970, a day ahead of the wall clock, and a day ahead of when their record was sent
     * (a recorded topic replayed), sent before the faults: each is rejected at once in the audit with the reason,
     * none waits to apply at the end of the input, and the incidents are those of the file run (the same ids).
     */
    @Test
    void commandsTimedFarFromNowOrFromWhenTheyWereSentAreRejectedAndChangeNoIncident(@TempDir Path dir)
            throws Exception {
        List<Incident> fileRun = KafkaJobRuns.fileRun("demo", dir);
        KafkaConfig.KafkaTopicsConfig topics = controlTopics("ctl-times");
        LoadedConfig loaded = KafkaJobRuns.config("demo", BROKER,
                k -> KafkaJobRuns.kafka(k, "ctl-times", true, topics, Map.of(), Map.of()),
                KafkaJobRuns::unsignedCommands);
        String tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        BROKER.produceRaw("ctl-times-control", 0, List.of(
                utf8("{\"id\":\"b1\",\"at\":\"2090-01-01T00:00:00Z\",\"command\":\"silence\","
                        + "\"service\":\"cartservice\",\"until\":\"2090-01-02T00:00:00Z\",\"mode\":\"suppress\"}"),
                utf8("{\"id\":\"b2\",\"at\":\"1970-01-01T00:00:00Z\",\"command\":\"set-threshold\","
                        + "\"pair\":\"frontend->cartservice\",\"threshold\":19}"),
                utf8("{\"id\":\"b3\",\"at\":\"" + tomorrow + "\",\"command\":\"set-threshold\","
                        + "\"pair\":\"frontend->cartservice\",\"threshold\":19}")));
        // recorded five minutes into the data, applying a day later
        BROKER.produceRaw("ctl-times-control", 0, Instant.parse("2026-01-01T00:05:00Z").toEpochMilli(), List.of(
                utf8("{\"id\":\"b4\",\"at\":\"2026-01-02T00:05:00Z\",\"command\":\"silence\","
                        + "\"service\":\"cartservice\",\"until\":\"2026-01-03T00:00:00Z\"}")));
        KafkaJobRuns.produceScenario(BROKER, loaded);

        KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("demo", BROKER));

        List<Incident> incidents = KafkaJobRuns.incidents(BROKER.readCommittedToEnd(topics.incidents(),
                Duration.ofSeconds(30)));
        assertThat(fileRun).isNotEmpty();
        assertThat(KafkaJobRuns.timeline(incidents)).isEqualTo(KafkaJobRuns.timeline(fileRun));
        List<ControlAudit> audit = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : BROKER.readCommittedToEnd("ctl-times-control-audit",
                Duration.ofSeconds(30))) {
            audit.add(JsonCodec.mapper().readValue(r.value(), ControlAudit.class));
        }
        assertThat(audit).extracting(ControlAudit::outcome).containsOnly(ControlAudit.REJECTED);
        Map<String, String> reasons = new java.util.HashMap<>();
        audit.forEach(a -> reasons.put(a.id(), a.reason()));
        assertThat(reasons).containsOnlyKeys("b1", "ctl-times-control-0-1", "b3", "b4");
        assertThat(reasons.get("b1")).startsWith("event time 2090-01-01T00:00:00Z is ahead of the wall clock");
        assertThat(reasons.get("ctl-times-control-0-1")).startsWith("'at' must be between");
        assertThat(reasons.get("b3")).startsWith("event time " + tomorrow + " is ahead of the wall clock");
        assertThat(reasons.get("b4")).isEqualTo("event time 2026-01-02T00:05:00Z is ahead of the time its record was"
                + " sent (2026-01-01T00:05:00Z) by more than event-time.max-ahead (5 min)");
        assertThat(audit).filteredOn(a -> a.id().equals("b1")).singleElement()
                .satisfies(a -> assertThat(a.target()).isEqualTo("service cartservice"));
    }


    /**
     * With signatures required: a command signed by a configured key applies as that key's; an unsigned one, one with
     * a bad signature, one of an unknown key, one older than control.auth.max-age, a copy of the signed one, and a
     * signed threshold out of range are each refused in the audit with the reason.
     */
    @Test
    void signedCommandsApplyAndUnsignedForgedExpiredAndReplayedOnesAreRefused(@TempDir Path dir) throws Exception {
        Path secretFile = dir.resolve("oncall.secret");
        String secret = "an-oncall-secret-of-at-least-32-bytes";
        java.nio.file.Files.writeString(secretFile, secret + "\n");
        KafkaConfig.KafkaTopicsConfig topics = controlTopics("ctl-auth");
        LoadedConfig loaded = KafkaJobRuns.config("single-delay", BROKER,
                k -> KafkaJobRuns.kafka(k, "ctl-auth", true, topics, Map.of(), Map.of()),
                c -> c.withControl(c.control().withAuth(new ControlAuthConfig(false, Duration.ofMinutes(5),
                        List.of(new ControlKeyConfig("oncall", null, secretFile.toString()))))));
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS).toString();
        String silence = "{\"id\":\"s1\",\"at\":\"" + now + "\",\"command\":\"silence\",\"group\":\"checkout-path\","
                + "\"until\":\"" + Instant.parse(now).plus(Duration.ofHours(1)) + "\",\"reason\":\"maintenance\"}";
        ProducerRecord<byte[], byte[]> signed = record("ctl-auth-control", silence, "oncall", secret);
        BROKER.produceRecords(List.of(
                signed,
                record("ctl-auth-control", silence.replace("s1", "u1"), null, null),
                record("ctl-auth-control", silence.replace("s1", "f1"), "oncall", "a-guessed-secret-not-the-key"),
                record("ctl-auth-control", silence.replace("s1", "k1"), "mallory", secret),
                record("ctl-auth-control", silence.replace("s1", "e1").replace(now, tenMinutesAgo), "oncall", secret),
                signed,
                record("ctl-auth-control", "{\"id\":\"t1\",\"at\":\"" + now + "\",\"command\":\"set-threshold\","
                        + "\"group\":\"checkout-path\",\"threshold\":100000}", "oncall", secret)));
        KafkaJobRuns.produceScenario(BROKER, loaded);

        KafkaJobRuns.runBounded(loaded, KafkaJobRuns.options("single-delay", BROKER));

        List<ControlAudit> audit = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : BROKER.readCommitted("ctl-auth-control-audit", Duration.ofSeconds(30),
                r -> r.size() >= 7)) {
            audit.add(JsonCodec.mapper().readValue(r.value(), ControlAudit.class));
        }
        Map<String, List<String>> reasons = new java.util.TreeMap<>();
        audit.forEach(a -> reasons.computeIfAbsent(a.id(), id -> new ArrayList<>())
                .add(a.outcome() + " " + a.reason()));
        assertThat(reasons).containsOnlyKeys("s1", "u1", "f1", "k1", "e1", "t1");
        assertThat(reasons.get("s1")).as("applied once, its copy refused").containsExactlyInAnyOrder(
                "applied incidents of group checkout-path from " + now + " to " + Instant.parse(now).plus(
                        Duration.ofHours(1)) + " are marked silenced and not notified",
                "rejected replayed: command 's1' signed by 'oncall' with this signature was read before, within"
                        + " control.auth.max-age of its 'at' (" + now + "); a command applies once. Fix: to send it"
                        + " again, sign it anew with a new 'at'");
        assertThat(audit).filteredOn(a -> a.outcome().equals(ControlAudit.APPLIED)).singleElement()
                .satisfies(a -> assertThat(a.by()).as("by its key").isEqualTo("oncall"));
        assertThat(reasons.get("u1")).singleElement().asString().startsWith("rejected unsigned: the record has no"
                + " control-key-id and control-signature headers");
        assertThat(reasons.get("f1")).singleElement().asString().startsWith("rejected forged: the signature does not"
                + " match");
        assertThat(reasons.get("k1")).singleElement().asString().isEqualTo("rejected forged: no key 'mallory' is"
                + " configured (control.auth.keys)");
        assertThat(reasons.get("e1")).singleElement().asString().startsWith("rejected expired: 'at' " + tenMinutesAgo);
        assertThat(reasons.get("t1")).singleElement().asString().startsWith("rejected threshold 100000.0 is outside"
                + " control.min-threshold to control.max-threshold (1.0 to 100.0)");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value, String keyId, String secret) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, 0, null, utf8(value));
        if (keyId != null) {
            r.headers().add(CommandSignature.KEY_ID_HEADER, utf8(keyId));
            r.headers().add(CommandSignature.SIGNATURE_HEADER, utf8(CommandSignature.sign(utf8(secret), utf8(value))));
        }
        return r;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
