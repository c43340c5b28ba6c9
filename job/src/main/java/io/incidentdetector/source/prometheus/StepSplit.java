package io.incidentdetector.source.prometheus;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The one split of a Prometheus source: how far along the step grid it has read. {@code done} is the end of the
 * last step handed on (epoch ms), {@code last} the end of the last step to read ({@link Long#MAX_VALUE}: run on).
 * In checkpoints and savepoints, so a restarted job asks the server for the steps it missed: none are lost.
 */
public record StepSplit(String id, long done, long last) implements SourceSplit, java.io.Serializable {

    @Override
    public String splitId() {
        return id;
    }

    public StepSplit at(long newDone) {
        return new StepSplit(id, newDone, last);
    }

    public boolean finished(long stepMillis) {
        return last != Long.MAX_VALUE && done + stepMillis > last;
    }

    /** Version 1: id, done, last. */
    public static final class Serializer implements SimpleVersionedSerializer<StepSplit> {

        public static final Serializer INSTANCE = new Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(StepSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(split.id);
                out.writeLong(split.done);
                out.writeLong(split.last);
            }
            return bytes.toByteArray();
        }

        @Override
        public StepSplit deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown Prometheus split version " + version);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new StepSplit(in.readUTF(), in.readLong(), in.readLong());
            }
        }
    }
}
