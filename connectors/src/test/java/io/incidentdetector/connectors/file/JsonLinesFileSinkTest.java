package io.incidentdetector.connectors.file;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesFileSinkTest {

    record Sample(String name, Instant at, Double missing) {}

    @Test
    void writesOneIsoTimestampedJsonLinePerRecordAndAppends(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/out.jsonl");
        JsonLinesFileSink<Sample> sink = JsonLinesFileSink.jackson(file);
        for (String name : new String[] {"a", "b"}) {
            try (SinkWriter<Sample> writer = sink.createWriter(null)) {
                writer.write(new Sample(name, Instant.parse("2026-01-01T00:00:10Z"), null), null);
                writer.flush(true);
            }
        }
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"name\":\"a\",\"at\":\"2026-01-01T00:00:10Z\"}",
                "{\"name\":\"b\",\"at\":\"2026-01-01T00:00:10Z\"}");
    }
}
