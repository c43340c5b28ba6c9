package io.incidentdetector.sink;

import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.connectors.kafka.DeadLetterSerializer;
import io.incidentdetector.connectors.kafka.JsonRecordSerializer;
import io.incidentdetector.control.ControlAudit;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.pipeline.Outputs;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;

import java.time.Instant;
import java.util.Properties;

/**
 * Where results leave the job for Kafka. Every sink writes JSON stamped with the record's event time, exactly once
 * (Kafka transactions committed on checkpoints) unless {@code kafka.delivery-guarantee} is at-least-once. Each sink
 * has its own transactional id, {@code <prefix>-<output>}, the producers' {@code max.request.size} set explicitly
 * ({@link KafkaConfig#maxRequestSize}, checked against the brokers at start-up), and a {@link RecordSizeGuard} that
 * keeps every record within it.
 */
public final class KafkaSinks {

    private final KafkaConfig kafka;
    private final Properties clientProperties;

    public KafkaSinks(KafkaConfig kafka, Properties clientProperties) {
        this.kafka = kafka;
        this.clientProperties = clientProperties;
    }

    /** Every output that has a topic; verdicts and late events only if their topics are configured. */
    public Outputs.Builder outputs() {
        Outputs.Builder outputs = Outputs.builder(incidents(), deadLetters()).alerts(alerts()).lateErrors(lateErrors())
                .lateEvents(lateEvents());
        if (kafka.topics().controlAudit() != null) {
            outputs.controlAudit(build("control-audit", new JsonRecordSerializer<ControlAudit>(
                    kafka.topics().controlAudit(), ControlAudit::id, a -> a.at() == null ? Instant.EPOCH : a.at()),
                    ControlAudit::shorter));
        }
        return outputs.verdicts(verdicts());
    }

    /** Keyed by incident id, so a compacted topic keeps the latest state of every incident. */
    public KafkaSink<Incident> incidents() {
        return build("incidents", new JsonRecordSerializer<Incident>(kafka.topics().incidents(), Incident::id,
                KafkaSinks::incidentTime, IncidentJson::line));
    }

    KafkaSink<CanaryAlert> alerts() {
        return build("alerts", new JsonRecordSerializer<CanaryAlert>(kafka.topics().alerts(),
                alert -> "code-" + alert.code() + "/" + alert.window() + "-bins", CanaryAlert::at));
    }

    /** Null when no verdicts topic is configured. */
    KafkaSink<WindowVerdict> verdicts() {
        return kafka.topics().verdicts() == null ? null : build("verdicts",
                new JsonRecordSerializer<WindowVerdict>(kafka.topics().verdicts(), WindowVerdict::pair, WindowVerdict::time));
    }

    /** Null when no late-events topic is configured. */
    KafkaSink<ServiceCallEvent> lateEvents() {
        return kafka.topics().lateEvents() == null ? null : build("late-events",
                new JsonRecordSerializer<ServiceCallEvent>(kafka.topics().lateEvents(), ServiceCallEvent::pair,
                        e -> Instant.ofEpochMilli(e.timestamp())));
    }

    /** Null when no late-events topic is configured; shares the topic with late service calls. */
    KafkaSink<ClientErrorEvent> lateErrors() {
        return kafka.topics().lateEvents() == null ? null : build("late-errors",
                new JsonRecordSerializer<ClientErrorEvent>(kafka.topics().lateEvents(), e -> e.build() + "/" + e.code(),
                        e -> Instant.ofEpochMilli(e.timestamp())));
    }

    KafkaSink<DeadLetter> deadLetters() {
        return build("dead-letters", new DeadLetterSerializer(kafka.topics().deadLetters()), DeadLetterBounds::shorter);
    }

    static Instant incidentTime(Incident incident) {
        if (incident.resolvedAt() != null) {
            return incident.resolvedAt();
        }
        return incident.updatedAt() != null ? incident.updatedAt() : incident.openedAt();
    }

    private <T> KafkaSink<T> build(String output, KafkaRecordSerializationSchema<T> serializer) {
        return build(output, serializer, null);
    }

    /** @param shorter how the size guard cuts a record of this kind that is too large; null: it is not written */
    private <T> KafkaSink<T> build(String output, KafkaRecordSerializationSchema<T> serializer,
            RecordSizeGuard.Shorter<T> shorter) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setKafkaProducerConfig(clientProperties)
                .setBootstrapServers(kafka.bootstrapServers())
                .setProperty(KafkaConfig.MAX_REQUEST_SIZE, Integer.toString(kafka.maxRequestSize()))
                .setRecordSerializer(new RecordSizeGuard<>(serializer, output, kafka.maxRequestSize(), shorter));
        if (kafka.exactlyOnce()) {
            builder.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                    .setTransactionalIdPrefix(kafka.transactionalIdPrefix() + "-" + output)
                    .setProperty("transaction.timeout.ms", Long.toString(kafka.transactionTimeout().toMillis()));
        } else {
            builder.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE);
        }
        return builder.build();
    }
}
