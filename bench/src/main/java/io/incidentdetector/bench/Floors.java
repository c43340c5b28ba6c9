package io.incidentdetector.bench;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.connectors.kafka.ParsingDeserializer;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.InputEventParser;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.pipeline.OperatorIds;
import io.incidentdetector.scenario.CallGenerator;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.source.LatencySources;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What Flink and Kafka alone do on this machine: the floors the job is compared with. */
final class Floors {

    private Floors() {}

    /** The generator's events straight into a sink that drops them, in one chain: what the generator itself costs. */
    static double generatorAlone(ScenarioConfig settings, int parallelism) throws Exception {
        StreamExecutionEnvironment env = JobRuns.environment(parallelism);
        generated(env, settings).sinkTo(new DiscardingSink<>()).uid("discard");
        return seconds(env.execute("floor: generator -> discard"));
    }

    /** The generator's events, keyed by pair as the job keys them, into a sink that drops them. */
    static double generatorKeyBy(ScenarioConfig settings, int parallelism) throws Exception {
        StreamExecutionEnvironment env = JobRuns.environment(parallelism);
        generated(env, settings).keyBy(ServiceCallEvent::pair, Types.STRING).sinkTo(new DiscardingSink<>())
                .uid("discard");
        return seconds(env.execute("floor: generator -> keyBy -> discard"));
    }

    private static DataStream<ServiceCallEvent> generated(StreamExecutionEnvironment env, ScenarioConfig settings) {
        CallGenerator generator = ScenarioCatalog.get(settings.name()).generator(settings);
        return env.fromSource(new DataGeneratorSource<>(generator, generator.count(),
                        TypeInformation.of(ServiceCallEvent.class)),
                        LatencySources.watermarks(LatencyConfig.defaults()), "generator")
                .uid(OperatorIds.GENERATOR_SOURCE);
    }

    /** The topic's records as raw bytes into a sink that drops them: what the Kafka source alone costs. */
    static double kafkaRawBytes(String bootstrapServers, String topic, String group, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env = JobRuns.environment(parallelism);
        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setProperty("isolation.level", "read_committed")
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka raw").uid("kafka-raw")
                .sinkTo(new DiscardingSink<>()).uid("discard");
        return seconds(env.execute("floor: KafkaSource raw bytes -> discard"));
    }

    /** The job's own decoder over the records, one thread, as the Kafka source runs it. */
    static double decode(List<byte[]> records, int rounds) throws Exception {
        ParsingDeserializer<InputEvent> decoder = new ParsingDeserializer<>(
                Map.of("calls", new InputEventParser(true, false)), null);
        long sink = 0;
        long started = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            long offset = 0;
            for (byte[] record : records) {
                sink += decoder.parse("calls", 0, offset++, record).value().timestamp();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (sink == 42) {
            System.out.print("");
        }
        return seconds;
    }

    /** Jackson's tree model over the same records: what the decoder did before it read straight into the event. */
    static double jacksonTree(List<byte[]> records, int rounds) throws Exception {
        long sink = 0;
        long started = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (byte[] record : records) {
                sink += JsonCodec.mapper().readTree(record).size();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (sink == 42) {
            System.out.print("");
        }
        return seconds;
    }

    private static double seconds(JobExecutionResult result) {
        return result.getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
    }
}
