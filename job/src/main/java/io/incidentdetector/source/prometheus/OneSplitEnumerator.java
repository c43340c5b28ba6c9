package io.incidentdetector.source.prometheus;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands the source's one split to its reader (the source runs at parallelism 1: one query, one reader), and takes
 * it back when that reader fails. Its state is the split while unassigned.
 */
final class OneSplitEnumerator implements SplitEnumerator<StepSplit, List<StepSplit>> {

    private final SplitEnumeratorContext<StepSplit> context;
    private final List<StepSplit> unassigned;

    OneSplitEnumerator(SplitEnumeratorContext<StepSplit> context, List<StepSplit> unassigned) {
        this.context = context;
        this.unassigned = new ArrayList<>(unassigned);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<StepSplit> splits, int subtaskId) {
        unassigned.addAll(splits);
        if (context.registeredReaders().containsKey(subtaskId)) {
            addReader(subtaskId);
        }
    }

    @Override
    public void addReader(int subtaskId) {
        for (StepSplit split : unassigned) {
            context.assignSplit(split, subtaskId);
        }
        unassigned.clear();
        context.signalNoMoreSplits(subtaskId);
    }

    @Override
    public List<StepSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(unassigned);
    }

    @Override
    public void close() {}

    /** Version 1: the count, then each split as {@link StepSplit.Serializer} writes it. */
    static final class StateSerializer implements SimpleVersionedSerializer<List<StepSplit>> {

        static final StateSerializer INSTANCE = new StateSerializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<StepSplit> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (StepSplit split : splits) {
                    byte[] one = StepSplit.Serializer.INSTANCE.serialize(split);
                    out.writeInt(one.length);
                    out.write(one);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<StepSplit> deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) {
                throw new IOException("unknown Prometheus enumerator state version " + version);
            }
            List<StepSplit> splits = new ArrayList<>();
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    byte[] one = new byte[in.readInt()];
                    in.readFully(one);
                    splits.add(StepSplit.Serializer.INSTANCE.deserialize(StepSplit.Serializer.INSTANCE.getVersion(),
                            one));
                }
            }
            return splits;
        }
    }
}
