package io.incidentdetector.source;

import io.incidentdetector.config.EventTimeConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.connectors.eventtime.EventTimeGuard;
import io.incidentdetector.connectors.file.InvalidRecordException;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ControlCommandParser;
import io.incidentdetector.metrics.RefusedEventTimes;
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
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.Properties;

/**
 * The control topic: JSON commands read (or refused with the reason, never failing the job) with their time
 * {@code at} as event time. The topic only carries commands, not the job's progress: it counts as idle a second
 * after each record, so that its watermark never holds the job's back (a command typed with a time a minute ago
 * must not stop detection for a minute); the gate times commands by the watermark of the data. A command's
 * {@code at} is checked by {@link EventTimeGuard#refusalSentAt}: against the wall clock and the time its record was
 * sent, not against the topic's progress, since commands are sparse (hours apart is normal) and one in the past
 * applies at once; a refused command goes to the audit with the reason.
 */
public final class ControlSources {

    private static final TypeInformation<ParsedRecord<ControlCommand>> TYPE =
            new TypeHint<ParsedRecord<ControlCommand>>() {}.getTypeInfo();

    private ControlSources() {}

    private static final Duration IDLE_AFTER = Duration.ofSeconds(1);

    public static Inputs read(StreamExecutionEnvironment env, KafkaConfig kafka, Properties clientProperties,
            EventTimeConfig eventTime) {
        KafkaSourceBuilder<ParsedRecord<ControlCommand>> builder = KafkaSource.<ParsedRecord<ControlCommand>>builder()
                .setProperties(clientProperties)
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topics().control())
                .setGroupId(kafka.groupId())
                .setClientIdPrefix(kafka.groupId() + "-" + OperatorIds.KAFKA_CONTROL_SOURCE)
                .setStartingOffsets(KafkaSources.startingOffsets(kafka.startingOffsets()))
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new Deserializer(eventTime.guard()));
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        WatermarkStrategy<ParsedRecord<ControlCommand>> perPartition = WatermarkStrategy
                .<ParsedRecord<ControlCommand>>forMonotonousTimestamps().withIdleness(IDLE_AFTER);
        WatermarkStrategy<ParsedRecord<ControlCommand>> watermarks = WatermarkStrategy
                .<ParsedRecord<ControlCommand>>forGenerator(ctx -> new ValidRecordsOnly<>(
                        perPartition.createWatermarkGenerator(ctx)))
                .withTimestampAssigner((record, kafkaTime) -> record.isValid()
                        ? record.value().at().toEpochMilli() : kafkaTime);
        DataStream<ParsedRecord<ControlCommand>> commands = env
                .fromSource(builder.build(), watermarks, "kafka control [" + kafka.topics().control() + "]")
                .uid(OperatorIds.KAFKA_CONTROL_SOURCE)
                .setParallelism(1);
        return Inputs.none().withControlCommands(commands);
    }

    /**
     * Every record to one {@link ParsedRecord}; a command without an id is named by its topic, partition, offset. A
     * command whose time is refused keeps its value, so that the audit names it.
     */
    public static final class Deserializer implements KafkaRecordDeserializationSchema<ParsedRecord<ControlCommand>> {
        private static final long serialVersionUID = 1L;

        private final EventTimeGuard guard;
        private transient RefusedEventTimes refused;

        public Deserializer(EventTimeGuard guard) {
            this.guard = guard;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            refused = new RefusedEventTimes(context.getMetricGroup());
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord<ControlCommand>> out) {
            String origin = record.topic() + "-" + record.partition() + "-" + record.offset();
            try {
                ControlCommand command = ControlCommandParser.parse(record.value(), record.timestamp(), origin);
                String refusal = guard.refusalSentAt(command.at().toEpochMilli(), record.timestamp());
                if (refusal == null) {
                    out.collect(ParsedRecord.ok(record.topic(), record.partition(), record.offset(), command));
                } else {
                    if (refused == null) {
                        refused = new RefusedEventTimes(new UnregisteredMetricsGroup());
                    }
                    refused.add(1, origin, refusal);
                    out.collect(ParsedRecord.refused(record.topic(), record.partition(), record.offset(), command,
                            record.value(), refusal));
                }
            } catch (InvalidRecordException e) {
                out.collect(ParsedRecord.failed(record.topic(), record.partition(), record.offset(), record.value(),
                        e.getMessage()));
            }
        }

        @Override
        public TypeInformation<ParsedRecord<ControlCommand>> getProducedType() {
            return TYPE;
        }
    }
}
