package io.incidentdetector.source;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.EventTimeConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.connectors.file.LineParser;
import io.incidentdetector.connectors.file.ParsedLine;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ClientErrorJsonParser;
import io.incidentdetector.event.SeedCsvErrorParser;
import io.incidentdetector.scenario.CanaryScenario;
import io.incidentdetector.scenario.ClientErrorGenerator;
import io.incidentdetector.pipeline.Inputs;
import io.incidentdetector.pipeline.OperatorIds;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.List;

/**
 * Builds the client-error inputs: seed-format CSV files, JSON-lines files (every file a split of the event-time
 * guard), or the built-in generator (trusted: its times come from the scenario's own clock).
 */
public final class CanarySources {

    private CanarySources() {}

    public static Inputs files(StreamExecutionEnvironment env, List<Path> csvFiles, List<Path> jsonFiles,
            CanaryConfig config, EventTimeConfig eventTime) {
        Inputs inputs = Inputs.none();
        if (!csvFiles.isEmpty()) {
            SingleOutputStreamOperator<ClientErrorEvent> csv = read(env, csvFiles,
                    new SeedCsvErrorParser(config.baseTime()), config, eventTime, OperatorIds.ERRORS_CSV_SOURCE);
            csv.uid(OperatorIds.ERRORS_SPLIT).name("split dead letters (csv)");
            inputs = inputs.withClientErrors(csv).withDeadLetters(csv.getSideOutput(ParsedFiles.DEAD_LETTERS));
        }
        if (!jsonFiles.isEmpty()) {
            SingleOutputStreamOperator<ClientErrorEvent> json = read(env, jsonFiles, new ClientErrorJsonParser(),
                    config, eventTime, OperatorIds.ERRORS_JSON_SOURCE);
            json.uid(OperatorIds.ERRORS_SPLIT + "-json").name("split dead letters (json)");
            inputs = inputs.withClientErrors(json).withDeadLetters(json.getSideOutput(ParsedFiles.DEAD_LETTERS));
        }
        return inputs;
    }

    /** The built-in generator's client errors (bounded, deterministic for its seed). */
    public static Inputs generator(StreamExecutionEnvironment env, CanaryScenario scenario, ScenarioConfig settings,
            CanaryConfig config) {
        ClientErrorGenerator generator = new ClientErrorGenerator(scenario, settings);
        DataGeneratorSource<ClientErrorEvent> source =
                new DataGeneratorSource<>(generator, generator.count(), TypeInformation.of(ClientErrorEvent.class));
        WatermarkStrategy<ClientErrorEvent> watermarks = WatermarkStrategy
                .<ClientErrorEvent>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((event, previous) -> event.timestamp())
                .withIdleness(config.idleness());
        DataStream<ClientErrorEvent> errors = env.fromSource(source, watermarks, "client errors " + scenario.name())
                .uid(OperatorIds.ERRORS_GENERATOR_SOURCE);
        return Inputs.none().withClientErrors(errors);
    }

    private static SingleOutputStreamOperator<ClientErrorEvent> read(StreamExecutionEnvironment env, List<Path> files,
            LineParser<ClientErrorEvent> parser, CanaryConfig config, EventTimeConfig eventTime, String uid) {
        return ParsedFiles.read(env, files, parser, TypeInformation.of(ClientErrorEvent.class),
                new TypeHint<ParsedLine<ClientErrorEvent>>() {}.getTypeInfo(), ClientErrorEvent::timestamp,
                eventTime.guard(), config.outOfOrderness(), config.idleness(), uid);
    }
}
