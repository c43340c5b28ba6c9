package io.incidentdetector.source;

import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.config.EventTimeConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.control.CommandSignature;
import io.incidentdetector.control.CommandVerifier;
import io.incidentdetector.control.ReceivedCommand;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ControlCommandParser;
import io.incidentdetector.metrics.RefusedEventTimes;
import io.incidentdetector.metrics.ThrottledLog;
import io.incidentdetector.pipeline.Inputs;
import io.incidentdetector.pipeline.OperatorIds;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;

/**
 * The control topic: JSON commands, their signature checked ({@link CommandVerifier}), read (or refused with the
 * reason, never failing the job) with their time {@code at} as event time. The topic only carries commands, not the
 * job's progress: it counts as idle a second after each record, so that its watermark never holds the job's back
 * (a command typed with a time a minute ago must not stop detection for a minute); the gate times commands by the
 * watermark of the data. A command's {@code at} is checked by {@link EventTimeGuard#refusalSentAt}: against the wall
 * clock and the time its record was sent, not against the topic's progress, since commands are sparse (hours apart
 * is normal) and one in the past applies at once; a refused command goes to the audit with the reason.
 */
public final class ControlSources {

    private static final TypeInformation<ParsedRecord<ReceivedCommand>> TYPE =
            new TypeHint<ParsedRecord<ReceivedCommand>>() {}.getTypeInfo();

    private ControlSources() {}

    private static final Duration IDLE_AFTER = Duration.ofSeconds(1);

    public static Inputs read(StreamExecutionEnvironment env, KafkaConfig kafka, Properties clientProperties,
            EventTimeConfig eventTime, ControlAuthConfig auth) {
        KafkaSourceBuilder<ParsedRecord<ReceivedCommand>> builder = KafkaSource.<ParsedRecord<ReceivedCommand>>builder()
                .setProperties(clientProperties)
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topics().control())
                .setGroupId(kafka.groupId())
                .setClientIdPrefix(kafka.groupId() + "-" + OperatorIds.KAFKA_CONTROL_SOURCE)
                .setStartingOffsets(KafkaSources.startingOffsets(kafka.startingOffsets()))
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new Deserializer(eventTime.guard(), new CommandVerifier(auth)));
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        WatermarkStrategy<ParsedRecord<ReceivedCommand>> perPartition = WatermarkStrategy
                .<ParsedRecord<ReceivedCommand>>forMonotonousTimestamps().withIdleness(IDLE_AFTER);
        WatermarkStrategy<ParsedRecord<ReceivedCommand>> watermarks = WatermarkStrategy
                .<ParsedRecord<ReceivedCommand>>forGenerator(ctx -> new ValidRecordsOnly<>(
                        perPartition.createWatermarkGenerator(ctx)))
                .withTimestampAssigner((record, kafkaTime) -> record.isValid()
                        ? record.value().command().at().toEpochMilli() : kafkaTime);
        DataStream<ParsedRecord<ReceivedCommand>> commands = env
                .fromSource(builder.build(), watermarks, "kafka control [" + kafka.topics().control() + "]")
                .uid(OperatorIds.KAFKA_CONTROL_SOURCE)
                .setParallelism(1);
        return Inputs.none().withControlCommands(commands);
    }

    /**
     * Every record to one {@link ParsedRecord}: its signature checked first ({@link CommandVerifier}), then read; a
     * command without an id is named by its topic, partition, offset. A command refused for its signature or its
     * time keeps its value (without a {@code by} when unauthenticated), so that the audit names it.
     */
    public static final class Deserializer implements KafkaRecordDeserializationSchema<ParsedRecord<ReceivedCommand>> {
        private static final long serialVersionUID = 1L;

        private final EventTimeGuard guard;
        private final CommandVerifier verifier;
        private final EventTimeGuard.WallClock clock;
        private transient RefusedEventTimes refused;
        private transient Counter unauthenticated;
        private transient ThrottledLog log;

        public Deserializer(EventTimeGuard guard, CommandVerifier verifier) {
            this(guard, verifier, System::currentTimeMillis);
        }

        /** {@code clock}: the wall clock, the time a record is read unless the broker set its time. */
        public Deserializer(EventTimeGuard guard, CommandVerifier verifier, EventTimeGuard.WallClock clock) {
            this.guard = guard;
            this.verifier = verifier;
            this.clock = clock;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            refused = new RefusedEventTimes(context.getMetricGroup());
            unauthenticated = context.getMetricGroup().counter(CommandVerifier.UNAUTHENTICATED);
            verifier.open();
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord<ReceivedCommand>> out) {
            String origin = record.topic() + "-" + record.partition() + "-" + record.offset();
            CommandVerifier.Signer signer = verifier.signer(record.value(),
                    header(record, CommandSignature.KEY_ID_HEADER), header(record, CommandSignature.SIGNATURE_HEADER));
            long readAt = record.timestampType() == TimestampType.LOG_APPEND_TIME ? record.timestamp() : clock.millis();
            ControlCommand command;
            try {
                command = ControlCommandParser.parse(record.value(), record.timestamp(), origin);
            } catch (InvalidRecordException e) {
                String why = signer.refusal() != null ? signer.refusal() + "; and " + e.getMessage() : e.getMessage();
                if (signer.refusal() != null) {
                    unauthenticatedRefused(origin, why);
                }
                out.collect(ParsedRecord.failed(record.topic(), record.partition(), record.offset(), record.value(),
                        why));
                return;
            }
            String unauthenticatedWhy = signer.refusal() != null ? signer.refusal() : verifier.refusal(command, signer,
                    ControlCommandParser.carriesIdAndAt(record.value()), readAt);
            if (unauthenticatedWhy != null) {
                unauthenticatedRefused(origin, unauthenticatedWhy);
                out.collect(refused(record, command.withBy(null), unauthenticatedWhy, null));
                return;
            }
            command = CommandVerifier.signedBy(command, signer);
            ReceivedCommand received = new ReceivedCommand(command, signer.keyId(), signer.signature(), readAt);
            String refusal = guard.refusalSentAt(command.at().toEpochMilli(), record.timestamp());
            if (refusal == null) {
                out.collect(ParsedRecord.ok(record.topic(), record.partition(), record.offset(), received));
            } else {
                if (refused == null) {
                    refused = new RefusedEventTimes(new UnregisteredMetricsGroup());
                }
                refused.add(1, origin, refusal);
                out.collect(refused(record, command, refusal, received));
            }
        }

        private static ParsedRecord<ReceivedCommand> refused(ConsumerRecord<byte[], byte[]> record,
                ControlCommand command, String why, ReceivedCommand received) {
            return ParsedRecord.refused(record.topic(), record.partition(), record.offset(), received != null ? received
                    : new ReceivedCommand(command, null, null, record.timestamp()), record.value(), why);
        }

        private void unauthenticatedRefused(String origin, String why) {
            if (unauthenticated == null) {
                unauthenticated = new UnregisteredMetricsGroup().counter(CommandVerifier.UNAUTHENTICATED);
            }
            if (log == null) {
                log = new ThrottledLog(LoggerFactory.getLogger(ControlSources.class), Duration.ofMinutes(1));
            }
            unauthenticated.inc();
            log.warn("control record {} refused: {}", origin, why);
        }

        /** The last value of a header, or null. */
        private static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
            Header h = record.headers() == null ? null : record.headers().lastHeader(name);
            return h == null ? null : h.value();
        }

        @Override
        public TypeInformation<ParsedRecord<ReceivedCommand>> getProducedType() {
            return TYPE;
        }
    }
}
