package io.incidentdetector.source;

import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.pipeline.NoInput;
import io.incidentdetector.pipeline.OperatorIds;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The records that resolve the incidents a previous run left open, as a bounded source under one uid in every Kafka
 * run: with none (a resumed start) it is {@link NoInput}, whose state is the same as the generator's, so a job
 * restores whichever of the two its checkpoint was taken with. The records travel in the job as their JSON.
 */
public final class LeftOpenSources {

    private LeftOpenSources() {}

    public static DataStream<Incident> of(StreamExecutionEnvironment env, List<Incident> resolutions) {
        TypeInformation<Incident> type = TypeInformation.of(Incident.class);
        if (resolutions.isEmpty()) {
            return NoInput.of(env, type, OperatorIds.LEFT_OPEN_SOURCE, "incidents left open");
        }
        List<String> lines = resolutions.stream().map(LeftOpenSources::json).toList();
        return env.fromSource(new DataGeneratorSource<>(new Lines(lines), lines.size(), type),
                        WatermarkStrategy.noWatermarks(), "incidents left open")
                .uid(OperatorIds.LEFT_OPEN_SOURCE).setParallelism(1);
    }

    private static String json(Incident incident) {
        try {
            return JsonCodec.mapper().writeValueAsString(incident);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Lines(List<String> lines) implements GeneratorFunction<Long, Incident> {
        @Override
        public Incident map(Long index) {
            try {
                return JsonCodec.mapper().readValue(lines.get(index.intValue()), Incident.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
