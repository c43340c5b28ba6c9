package io.incidentdetector.connectors.file;

import io.incidentdetector.connectors.json.JsonLineEncoder;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;

/**
 * Sink V2 that appends every record as one JSON line to a single local file, for local runs and tests where
 * a person wants {@code OUT/incidents.jsonl} rather than a directory of part files. Run it at parallelism 1.
 * Lines are flushed at every checkpoint and at the end of input; a new writer appends, so the caller decides whether a
 * run starts from an empty file.
 *
 * <p>Exactly once across restarts: each checkpoint records the file's length ({@link FileLength}), and a writer
 * restored from it cuts the file back to that length before it appends, so the lines written after the checkpoint
 * (which the restored job writes again) are not kept twice. A reader of the file may see such lines before a
 * restart takes them back. Production runs write to Kafka instead.
 */
public final class JsonLinesFileSink<T> implements Sink<T>, SupportsWriterState<T, JsonLinesFileSink.FileLength> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesFileSink.class);

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
    public StatefulSinkWriter<T, FileLength> createWriter(WriterInitContext context) throws IOException {
        return open();
    }

    @Override
    public StatefulSinkWriter<T, FileLength> restoreWriter(WriterInitContext context, Collection<FileLength> restored)
            throws IOException {
        Path file = Paths.get(path);
        restored.stream().filter(state -> state.path().equals(path)).mapToLong(FileLength::bytes).max()
                .ifPresent(length -> cutBack(file, length));
        return open();
    }

    @Override
    public SimpleVersionedSerializer<FileLength> getWriterStateSerializer() {
        return new FileLengthSerializer();
    }

    private Writer<T> open() throws IOException {
        Path file = Paths.get(path);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new Writer<>(path, channel, encoder);
    }

    /** Drops what was written after the checkpoint; a file shorter than that was changed by someone else: kept. */
    private static void cutBack(Path file, long length) {
        try {
            long size = Files.exists(file) ? Files.size(file) : 0;
            if (size > length) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(length);
                }
                LOG.info("{}: dropped the {} bytes written after the checkpoint; the restored job writes them again",
                        file, size - length);
            } else if (size < length) {
                LOG.warn("{} has {} bytes but had {} at the checkpoint (shortened or replaced since?); appending to it"
                        + " as it is", file, size, length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut " + file + " back to its length at the checkpoint", e);
        }
    }

    /**
     * The length of the file at a checkpoint: everything up to it is output the checkpoint covers.
     *
     * @param path  the file, absolute
     * @param bytes its length
     */
    public record FileLength(String path, long bytes) {}

    private static final class Writer<T> implements StatefulSinkWriter<T, FileLength> {
        private final String path;
        private final FileChannel channel;
        private final BufferedWriter out;
        private final JsonLineEncoder<T> encoder;

        Writer(String path, FileChannel channel, JsonLineEncoder<T> encoder) {
            this.path = path;
            this.channel = channel;
            this.out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8));
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
        public List<FileLength> snapshotState(long checkpointId) throws IOException {
            out.flush();
            return List.of(new FileLength(path, channel.size()));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Version 1: the path as modified UTF-8, then the length. */
    static final class FileLengthSerializer implements SimpleVersionedSerializer<FileLength> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(FileLength state) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64 + state.path().length());
            out.writeUTF(state.path());
            out.writeLong(state.bytes());
            return out.getCopyOfBuffer();
        }

        @Override
        public FileLength deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown version " + version + " of a JSON-lines file sink's state (this job"
                        + " reads version 1)");
            }
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            return new FileLength(in.readUTF(), in.readLong());
        }
    }
}
