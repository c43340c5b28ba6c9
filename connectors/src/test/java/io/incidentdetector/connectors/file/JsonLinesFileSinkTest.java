package io.incidentdetector.connectors.file;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
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

    /**
     * In Flink's operator harness: lines after checkpoint 1 reach the file (a later checkpoint flushed them), then the
     * job fails and is restored from checkpoint 1, and its source replays those records. The file holds each once.
     */
    @Test
    void aWriterRestoredFromACheckpointDropsWhatWasWrittenAfterItBeforeAppending(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.jsonl");
        JsonLinesFileSink<Sample> sink = JsonLinesFileSink.jackson(file);
        OperatorSubtaskState first;
        try (OneInputStreamOperatorTestHarness<Sample, CommittableMessage<Void>> job = harness(sink)) {
            job.open();
            job.processElement(new StreamRecord<>(sample("a")));
            job.processElement(new StreamRecord<>(sample("b")));
            first = job.snapshot(1L, 1L);
            job.processElement(new StreamRecord<>(sample("c")));
            job.prepareSnapshotPreBarrier(2L); // flushes c; checkpoint 2 never completes
        }
        assertThat(names(file)).containsExactly("a", "b", "c");

        try (OneInputStreamOperatorTestHarness<Sample, CommittableMessage<Void>> restored = harness(sink)) {
            restored.initializeState(first);
            restored.open();
            assertThat(names(file)).containsExactly("a", "b");
            restored.processElement(new StreamRecord<>(sample("c")));
            restored.processElement(new StreamRecord<>(sample("d")));
            restored.endInput();
        }
        assertThat(names(file)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void theStateReadsBackAsWritten() throws Exception {
        JsonLinesFileSink.FileLength state = new JsonLinesFileSink.FileLength("/tmp/out/incidents.jsonl", 123_456L);
        JsonLinesFileSink.FileLengthSerializer serializer = new JsonLinesFileSink.FileLengthSerializer();
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(state))).isEqualTo(state);
    }

    private static Sample sample(String name) {
        return new Sample(name, Instant.parse("2026-01-01T00:00:10Z"), null);
    }

    private static java.util.List<String> names(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(line -> line.replaceAll(".*\"name\":\"([a-z])\".*", "$1")).toList();
    }

    private static OneInputStreamOperatorTestHarness<Sample, CommittableMessage<Void>> harness(
            JsonLinesFileSink<Sample> sink) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new SinkWriterOperatorFactory<Sample, Void>(sink),
                TypeInformation.of(Sample.class).createSerializer(new SerializerConfigImpl()));
    }
}
