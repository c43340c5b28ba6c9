package io.incidentdetector.source;

import io.incidentdetector.connectors.kafka.ParsedRecord;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidRecordsOnlyTest {

    @Test
    void deadLettersAreNeitherEventTimeNorActivity() {
        List<Long> seen = new ArrayList<>();
        List<String> emits = new ArrayList<>();
        WatermarkGenerator<ParsedRecord<String>> inner = new WatermarkGenerator<>() {
            @Override
            public void onEvent(ParsedRecord<String> event, long timestamp, WatermarkOutput output) {
                seen.add(timestamp);
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                emits.add("emit");
            }
        };
        ValidRecordsOnly<String> generator = new ValidRecordsOnly<>(inner);
        WatermarkOutput output = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {}

            @Override
            public void markIdle() {}

            @Override
            public void markActive() {}
        };
        generator.onEvent(ParsedRecord.failed("t", 0, 1, new byte[] {1}, "not JSON"), Long.MIN_VALUE, output);
        generator.onEvent(ParsedRecord.ok("t", 0, 2, "event"), 1_000L, output);
        generator.onEvent(ParsedRecord.failed("t", 0, 3, null, "null value"), Long.MIN_VALUE, output);
        generator.onPeriodicEmit(output);
        // only the valid record reaches the wrapped generator (and its idleness timer); periodic emits pass through
        assertThat(seen).containsExactly(1_000L);
        assertThat(emits).hasSize(1);
    }
}
