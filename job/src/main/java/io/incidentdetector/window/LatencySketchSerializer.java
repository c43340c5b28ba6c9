package io.incidentdetector.window;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/** Writes a {@link LatencySketch} in DDSketch's own compact binary encoding, prefixed by its length. */
public final class LatencySketchSerializer extends TypeSerializerSingleton<LatencySketch> {

    private static final long serialVersionUID = 1L;

    public static final LatencySketchSerializer INSTANCE = new LatencySketchSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public LatencySketch createInstance() {
        return new LatencySketch();
    }

    @Override
    public LatencySketch copy(LatencySketch from) {
        return from.copy();
    }

    @Override
    public LatencySketch copy(LatencySketch from, LatencySketch reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(LatencySketch record, DataOutputView target) throws IOException {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        record.sketch().encode(out, false);
        target.writeInt(out.numWrittenBytes());
        target.write(out.backingArray(), 0, out.numWrittenBytes());
    }

    @Override
    public LatencySketch deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return new LatencySketch(DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new));
    }

    @Override
    public LatencySketch deserialize(LatencySketch reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<LatencySketch> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; public with a no-arg constructor as Flink requires for restore. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LatencySketch> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
