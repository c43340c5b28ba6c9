package io.incidentdetector.connectors.file;

import io.incidentdetector.connectors.json.JsonLineEncoder;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Sink V2 that appends every record as one JSON line to a single local file, for local runs and tests where
 * a person wants {@code OUT/incidents.jsonl} rather than a directory of part files. Run it at parallelism 1.
 * Lines are flushed at every checkpoint and at the end of input; it appends, so the caller decides whether a
 * run starts from an empty file. Production runs write to Kafka instead.
 */
public final class JsonLinesFileSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final JsonLineEncoder<T> encoder;

    public JsonLinesFileSink(Path path, JsonLineEncoder<T> encoder) {
        this.path = path.toAbsolutePath().toString();
        this.encoder = encoder;
    }

    public static <T> JsonLinesFileSink<T> jackson(Path path) {
        return new JsonLinesFileSink<>(path, JsonLineEncoder.jackson());
    }

    public Path path() {
        return Paths.get(path);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path file = Paths.get(path);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BufferedWriter out = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new Writer<>(out, encoder);
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final BufferedWriter out;
        private final JsonLineEncoder<T> encoder;

        Writer(BufferedWriter out, JsonLineEncoder<T> encoder) {
            this.out = out;
            this.encoder = encoder;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(encoder.encode(element));
            out.write('\n');
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
