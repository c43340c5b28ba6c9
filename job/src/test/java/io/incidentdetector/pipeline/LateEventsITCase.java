package io.incidentdetector.pipeline;

import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.connectors.file.JsonLinesFileSink;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.plan.EnvironmentSettings;
import io.incidentdetector.testing.TestMiniCluster;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An event older than the watermark leaves through the late-events side output and is counted, not lost. */
class LateEventsITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = TestMiniCluster.of(1, 1);

    /** A watermark after every event (bounded by 2 s), so lateness does not depend on timing. */
    static final class EveryEvent implements WatermarkGenerator<ServiceCallEvent> {
        private long max = Long.MIN_VALUE;

        @Override
        public void onEvent(ServiceCallEvent event, long timestamp, WatermarkOutput output) {
            max = Math.max(max, timestamp);
            output.emitWatermark(new Watermark(max - 2000 - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    @Test
    void aLateEventIsWrittenAndCountedAndTheWindowsStillClose(@TempDir Path out) throws Exception {
        List<ServiceCallEvent> events = new ArrayList<>();
        for (int second = 0; second < 60; second++) {
            events.add(new ServiceCallEvent(second * 1000L, "frontend", "cartservice", 8, 200));
        }
        ServiceCallEvent late = new ServiceCallEvent(5_000L, "frontend", "cartservice", 999, 200);
        events.add(late);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        EnvironmentSettings.apply(env, JobConfig.defaults());
        DataStream<ServiceCallEvent> stream = env.fromData(events).uid("test-events")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<ServiceCallEvent>forGenerator(ctx -> new EveryEvent())
                        .withTimestampAssigner((e, ts) -> e.timestamp()))
                .uid("test-watermarks");
        Path lateFile = out.resolve("late.jsonl");
        Path verdicts = out.resolve("windows.jsonl");
        Outputs outputs = Outputs.builder(JsonLinesFileSink.jackson(out.resolve("incidents.jsonl")),
                        JsonLinesFileSink.jackson(out.resolve("dead-letters.jsonl")))
                .verdicts(JsonLinesFileSink.jackson(verdicts))
                .lateEvents(JsonLinesFileSink.jackson(lateFile))
                .build();
        IncidentPipeline.build(new PipelineSettings(LatencyConfig.defaults(),
                new PipelineSettings.CanarySettings(CanaryConfig.defaults(), null, null, false)),
                Inputs.none().withServiceCalls(stream), outputs);
        JobExecutionResult result = env.execute("late events");

        assertThat(Files.readAllLines(lateFile)).containsExactly(
                "{\"timestamp\":5000,\"source\":\"frontend\",\"destination\":\"cartservice\",\"latencyMs\":999.0,\"status\":200}");
        assertThat(result.<Long>getAccumulatorResult("late-events")).isEqualTo(1L);
        assertThat(Files.readAllLines(verdicts)).hasSize(6)
                .allSatisfy(line -> assertThat(line).contains("\"count\":10").contains("\"model\":\"" + WindowVerdict.LEARNING));
    }
}
