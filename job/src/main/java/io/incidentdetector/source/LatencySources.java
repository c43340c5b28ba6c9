package io.incidentdetector.source;

import io.incidentdetector.config.ConfigLocation;
import io.incidentdetector.config.EventTimeConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.connectors.file.ParsedLine;
import io.incidentdetector.connectors.prometheus.QueryRangeFormat;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServiceCallEventParser;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.model.TrainingData;
import io.incidentdetector.scenario.CallGenerator;
import io.incidentdetector.scenario.LatencyScenario;
import io.incidentdetector.pipeline.Inputs;
import io.incidentdetector.pipeline.NoInput;
import io.incidentdetector.pipeline.OperatorIds;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Builds the latency inputs. Every source assigns event-time watermarks itself, from the record's own time. Files
 * (events, query_range exports) are splits of the event-time guard, whose refusals are dead letters; the generator
 * is trusted (its times come from the scenario's own clock).
 */
public final class LatencySources {

    private LatencySources() {}

    public static WatermarkStrategy<ServiceCallEvent> watermarks(LatencyConfig config) {
        return WatermarkStrategy.<ServiceCallEvent>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((event, previous) -> event.timestamp())
                .withIdleness(config.idleness());
    }

    /** The built-in scenario generator (bounded, deterministic for its seed). */
    public static Inputs generator(StreamExecutionEnvironment env, LatencyScenario scenario, ScenarioConfig settings,
            LatencyConfig config) {
        CallGenerator generator = scenario.generator(settings);
        DataGeneratorSource<ServiceCallEvent> source =
                new DataGeneratorSource<>(generator, generator.count(), TypeInformation.of(ServiceCallEvent.class));
        DataStream<ServiceCallEvent> events = env.fromSource(source, watermarks(config), "scenario " + scenario.name())
                .uid(OperatorIds.GENERATOR_SOURCE);
        return Inputs.none().withServiceCalls(events);
    }

    /**
     * The configured pairs' training files, read and fitted inside the job (one record per pair) on the way into
     * the pairs' keyed state.
     */
    public static Inputs training(StreamExecutionEnvironment env, LatencyConfig config, ConfigLocation location) {
        return Inputs.none().withTrainedBaselines(trainingSource(env, new TrainingData(config, location)));
    }

    /** The bounded source of fitted baselines, one per training file. */
    public static DataStream<TrainedBaseline> trainingSource(StreamExecutionEnvironment env, TrainingData training) {
        if (training.count() == 0) {
            return NoInput.of(env, TypeInformation.of(TrainedBaseline.class), OperatorIds.TRAINING_SOURCE,
                    "training files");
        }
        DataGeneratorSource<TrainedBaseline> source = new DataGeneratorSource<>(training, training.count(),
                TypeInformation.of(TrainedBaseline.class));
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "training files")
                .uid(OperatorIds.TRAINING_SOURCE);
    }

    /** JSON-lines files of service-call events; unreadable lines go to the dead-letter stream with their reason. */
    public static Inputs eventsFiles(StreamExecutionEnvironment env, List<java.nio.file.Path> files,
            LatencyConfig config, EventTimeConfig eventTime) {
        SingleOutputStreamOperator<ServiceCallEvent> events = ParsedFiles.read(env, files,
                new ServiceCallEventParser(), TypeInformation.of(ServiceCallEvent.class),
                new TypeHint<ParsedLine<ServiceCallEvent>>() {}.getTypeInfo(), ServiceCallEvent::timestamp,
                eventTime.guard(), config.outOfOrderness(), config.idleness(), OperatorIds.EVENTS_FILE_SOURCE);
        events.uid(OperatorIds.EVENTS_FILE_SPLIT).name("split dead letters");
        return Inputs.none().withServiceCalls(events).withDeadLetters(events.getSideOutput(ParsedFiles.DEAD_LETTERS));
    }

    /**
     * Prometheus query_range exports replayed as the observed y of their pairs, one sample per step; this skips
     * the windowing, as the samples already are window quantiles. A sample whose time the guard refuses is a dead
     * letter.
     */
    public static Inputs queryRange(StreamExecutionEnvironment env, Map<String, java.nio.file.Path> filesByPair,
            EventTimeConfig eventTime) {
        Inputs inputs = Inputs.none();
        for (Map.Entry<String, java.nio.file.Path> entry : filesByPair.entrySet()) {
            String pair = entry.getKey();
            java.nio.file.Path file = entry.getValue();
            FileSource<ParsedLine<QueryRangeSample>> source = FileSource
                    .forRecordStreamFormat(new QueryRangeFormat(file.toString(), eventTime.guard()),
                            new Path(file.toAbsolutePath().toUri()))
                    .build();
            WatermarkStrategy<ParsedLine<QueryRangeSample>> watermarks = WatermarkStrategy
                    .<ParsedLine<QueryRangeSample>>forMonotonousTimestamps()
                    .withTimestampAssigner((line, previous) -> line.isValid() ? line.value().timestamp() - 1
                            : previous);
            SingleOutputStreamOperator<QueryRangeSample> samples = env
                    .fromSource(source, watermarks, "query_range")
                    .uid(OperatorIds.QUERY_RANGE_SOURCE + pair)
                    .process(new ParsedFiles.SplitDeadLetters<>(), TypeInformation.of(QueryRangeSample.class))
                    .uid(OperatorIds.QUERY_RANGE_SOURCE + pair + "-samples")
                    .name("split dead letters " + pair);
            DataStream<WindowStats> stats = samples
                    .map(sample -> new WindowStats(pair, Instant.ofEpochMilli(sample.timestamp()),
                            Instant.ofEpochMilli(sample.timestamp()), 0, sample.value()))
                    .returns(WindowStats.class)
                    .uid(OperatorIds.QUERY_RANGE_SOURCE + pair + "-windows")
                    .name("samples " + pair);
            inputs = inputs.withReplayedWindows(stats)
                    .withDeadLetters(samples.getSideOutput(ParsedFiles.DEAD_LETTERS));
        }
        return inputs;
    }
}
