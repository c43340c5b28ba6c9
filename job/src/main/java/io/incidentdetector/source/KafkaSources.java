package io.incidentdetector.source;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.EventTimeConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.OtlpConfig;
import io.incidentdetector.config.StartingOffsets;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.file.LineParser;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.connectors.kafka.ParsingDeserializer;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.InputEventParser;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.pipeline.Inputs;
import io.incidentdetector.pipeline.OperatorIds;
import io.incidentdetector.source.otlp.OtlpMessages;
import io.incidentdetector.source.otlp.CalleeMatch;
import io.incidentdetector.source.otlp.MatchedCallTimes;
import io.incidentdetector.source.otlp.OperationCap;
import io.incidentdetector.source.otlp.OtlpSpansDeserializer;
import io.incidentdetector.source.otlp.SpanCall;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where events enter from Kafka. Topics are grouped by what they carry (service calls only, client errors only, or
 * both, told apart by the {@code type} field) and each group gets one source, so a slow client-error topic never
 * holds back the latency pipeline's watermark. Watermarks are per partition, from the event's own time, with
 * idleness so that an empty partition does not stall incidents. Unreadable records, and records whose event time
 * the {@link io.incidentdetector.connectors.eventtime.EventTimeGuard} refuses (each partition a split of it), become
 * dead letters with their original bytes, topic, partition and offset, and never move a watermark.
 */
public final class KafkaSources {

    public static final OutputTag<ClientErrorEvent> CLIENT_ERRORS =
            new OutputTag<>("client-errors", TypeInformation.of(ClientErrorEvent.class));

    private static final TypeInformation<ServiceCallEvent> CALLS = TypeInformation.of(ServiceCallEvent.class);

    private static final TypeInformation<ParsedRecord<InputEvent>> PARSED =
            new TypeHint<ParsedRecord<InputEvent>>() {}.getTypeInfo();

    private KafkaSources() {}

    /** Both pipelines' inputs; a pipeline whose topic list is empty gets none. */
    public static Inputs read(StreamExecutionEnvironment env, KafkaConfig kafka, Properties clientProperties,
            LatencyConfig latency, CanaryConfig canary, OtlpConfig otlp, EventTimeConfig eventTime) {
        List<String> callsOnly = new ArrayList<>();
        List<String> errorsOnly = new ArrayList<>();
        List<String> both = new ArrayList<>();
        for (String topic : kafka.topics().serviceCalls()) {
            (kafka.topics().clientErrors().contains(topic) ? both : callsOnly).add(topic);
        }
        for (String topic : kafka.topics().clientErrors()) {
            if (!both.contains(topic)) {
                errorsOnly.add(topic);
            }
        }
        DataStream<ServiceCallEvent> calls = null;
        DataStream<ClientErrorEvent> errors = null;
        DataStream<DeadLetter> dead = null;
        KafkaOutageWatch watch = KafkaOutageWatch.of(kafka, clientProperties);
        List<Group> groups = List.of(
                new Group(callsOnly, true, false, latency.outOfOrderness(), latency.idleness(),
                        OperatorIds.KAFKA_SERVICE_CALLS_SOURCE, "service calls"),
                new Group(errorsOnly, false, true, canary.outOfOrderness(), canary.idleness(),
                        OperatorIds.KAFKA_CLIENT_ERRORS_SOURCE, "client errors"),
                new Group(both, true, true, max(latency.outOfOrderness(), canary.outOfOrderness()),
                        min(latency.idleness(), canary.idleness()), OperatorIds.KAFKA_MIXED_SOURCE, "mixed events"));
        for (Group group : groups) {
            if (group.topics.isEmpty()) {
                continue;
            }
            SingleOutputStreamOperator<ServiceCallEvent> split = source(env, kafka, clientProperties, group, eventTime)
                    .process(new SplitKafkaInputs(watch), TypeInformation.of(ServiceCallEvent.class))
                    .uid(group.uid + "-split")
                    .name("split " + group.name);
            if (group.calls) {
                calls = calls == null ? split : calls.union(split);
            }
            if (group.errors) {
                DataStream<ClientErrorEvent> e = split.getSideOutput(CLIENT_ERRORS);
                errors = errors == null ? e : errors.union(e);
            }
            DataStream<DeadLetter> d = split.getSideOutput(ParsedFiles.DEAD_LETTERS);
            dead = dead == null ? d : dead.union(d);
        }
        if (!kafka.topics().otlpSpans().isEmpty()) {
            SingleOutputStreamOperator<ServiceCallEvent> spans = otlpSource(env, kafka, clientProperties, latency, otlp,
                    eventTime)
                    .process(new SplitOtlpCalls(watch), TypeInformation.of(ServiceCallEvent.class))
                    .uid(OperatorIds.KAFKA_OTLP_SOURCE + "-split")
                    .name("split OTLP spans");
            DataStream<ServiceCallEvent> otlpCalls = otlp.calleeFromServerSpan() ? spans.union(matched(spans, otlp))
                    : spans;
            if (otlp.splitsPairs()) {
                otlpCalls = otlpCalls.keyBy(OperationCap::edgeOf, Types.STRING)
                        .process(new OperationCap(otlp.maxOperationsPerPair()), CALLS)
                        .uid(OperatorIds.OTLP_OPERATION_CAP)
                        .name("operations per pair");
            }
            calls = calls == null ? otlpCalls : calls.union(otlpCalls);
            DataStream<DeadLetter> d = spans.getSideOutput(ParsedFiles.DEAD_LETTERS);
            dead = dead == null ? d : dead.union(d);
        }
        Inputs inputs = Inputs.none();
        if (calls != null) {
            inputs = inputs.withServiceCalls(calls);
        }
        if (errors != null) {
            inputs = inputs.withClientErrors(errors);
        }
        return dead == null ? inputs : inputs.withDeadLetters(dead);
    }

    /** The record's bytes and reason; the bytes as text too, unless they are binary (a protobuf message). */
    static DeadLetter deadLetter(ParsedRecord<?> record) {
        byte[] original = record.original();
        String text = original == null || OtlpMessages.isBinary(original) ? null
                : new String(original, StandardCharsets.UTF_8);
        return new DeadLetter(record.topic(), record.partition(), record.offset(), text, record.error(), null,
                original);
    }

    private record Group(List<String> topics, boolean calls, boolean errors, Duration outOfOrderness,
            Duration idleness, String uid, String name) {}

    private static DataStream<ParsedRecord<InputEvent>> source(StreamExecutionEnvironment env, KafkaConfig kafka,
            Properties clientProperties, Group group, EventTimeConfig eventTime) {
        Map<String, LineParser<InputEvent>> parsers = new LinkedHashMap<>();
        group.topics.forEach(topic -> parsers.put(topic, new InputEventParser(group.calls, group.errors)));
        KafkaSourceBuilder<ParsedRecord<InputEvent>> builder = KafkaSource.<ParsedRecord<InputEvent>>builder()
                .setProperties(clientProperties)
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(group.topics)
                .setGroupId(kafka.groupId())
                .setClientIdPrefix(kafka.groupId() + "-" + group.uid)
                .setStartingOffsets(startingOffsets(kafka.startingOffsets()))
                // events written by a transactional producer (another exactly-once job) count once committed
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new ParsingDeserializer<>(parsers, PARSED, eventTime.guard(), InputEvent::timestamp));
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(), KafkaSources.<InputEvent>watermarks(group.outOfOrderness,
                group.idleness), "kafka " + group.name + " " + group.topics)
                .uid(group.uid);
    }

    /**
     * The Collector's Kafka exporter topics: one message of many spans in, one service call per CLIENT span out (or
     * the ends of calls that wait for their other end).
     */
    private static DataStream<ParsedRecord<SpanCall>> otlpSource(StreamExecutionEnvironment env,
            KafkaConfig kafka, Properties clientProperties, LatencyConfig latency, OtlpConfig otlp,
            EventTimeConfig eventTime) {
        KafkaSourceBuilder<ParsedRecord<SpanCall>> builder = KafkaSource.<ParsedRecord<SpanCall>>builder()
                .setProperties(clientProperties)
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topics().otlpSpans())
                .setGroupId(kafka.groupId())
                .setClientIdPrefix(kafka.groupId() + "-" + OperatorIds.KAFKA_OTLP_SOURCE)
                .setStartingOffsets(startingOffsets(kafka.startingOffsets()))
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(new OtlpSpansDeserializer(otlp, eventTime.guard()));
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(), watermarks(otlp.outOfOrderness(), latency.idleness()),
                "kafka OTLP spans " + kafka.topics().otlpSpans()).uid(OperatorIds.KAFKA_OTLP_SOURCE);
    }

    /** The calls of CLIENT spans whose callee their SERVER child span names ({@link CalleeMatch}). */
    private static DataStream<ServiceCallEvent> matched(SingleOutputStreamOperator<ServiceCallEvent> spans,
            OtlpConfig otlp) {
        TypeInformation<ServiceCallEvent> calls = TypeInformation.of(ServiceCallEvent.class);
        return spans.getSideOutput(SplitOtlpCalls.WAITING)
                .keyBy(SpanCall::traceId, Types.STRING)
                .process(new CalleeMatch(otlp.matchWithin(), otlp.maxWaitingSpansPerTrace()), calls)
                .uid(OperatorIds.OTLP_CALLEE_MATCH)
                .name("callees from SERVER spans")
                .transform("times of matched calls", calls, new MatchedCallTimes(otlp.matchWithin()))
                .uid(OperatorIds.OTLP_MATCHED_CALL_TIMES);
    }

    /** Per partition, from the record's own time; records that failed to parse neither move nor hold it. */
    private static <E> WatermarkStrategy<ParsedRecord<E>> watermarks(Duration outOfOrderness, Duration idleness) {
        WatermarkStrategy<ParsedRecord<E>> perPartition = WatermarkStrategy
                .<ParsedRecord<E>>forBoundedOutOfOrderness(outOfOrderness).withIdleness(idleness);
        return WatermarkStrategy.<ParsedRecord<E>>forGenerator(ctx -> new ValidRecordsOnly<>(perPartition.createWatermarkGenerator(ctx)))
                .withTimestampAssigner((record, kafkaTime) -> record.isValid() ? timestamp(record.value()) : Long.MIN_VALUE);
    }

    private static long timestamp(Object event) {
        if (event instanceof SpanCall span) {
            return span.call().timestamp();
        }
        return event instanceof ServiceCallEvent call ? call.timestamp() : ((InputEvent) event).timestamp();
    }

    static OffsetsInitializer startingOffsets(StartingOffsets offsets) {
        return switch (offsets) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
