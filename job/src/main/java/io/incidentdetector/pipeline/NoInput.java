package io.incidentdetector.pipeline;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * "No source here": a stream of a type with nothing in it, for a stage whose input this run does not have (no
 * training files, no control topic, no latency pipeline to tell the pairs), so that the stages reading it are the
 * same either way. One bounded source that ends at once; its end is its only watermark.
 */
public final class NoInput {

    private NoInput() {}

    public static <T> DataStream<T> of(StreamExecutionEnvironment env, TypeInformation<T> type, String uid,
            String name) {
        return env.fromSource(new Empty<T>(), WatermarkStrategy.noWatermarks(), name, type).uid(uid)
                .setParallelism(1);
    }

    /**
     * Its enumerator and state are a number sequence's, as those of Flink's collection and generator sources are:
     * what a savepoint holds under the same uid from either restores into this one.
     */
    private static final class Empty<T> implements Source<T, NumberSequenceSplit, Collection<NumberSequenceSplit>> {

        private static final long serialVersionUID = 1L;

        private final NumberSequenceSource numbers = new NumberSequenceSource(0, 0);

        @Override
        public Boundedness getBoundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public SourceReader<T, NumberSequenceSplit> createReader(SourceReaderContext context) {
            return new EndOfInput<>();
        }

        @Override
        public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> createEnumerator(
                SplitEnumeratorContext<NumberSequenceSplit> context) {
            return numbers.createEnumerator(context);
        }

        @Override
        public SplitEnumerator<NumberSequenceSplit, Collection<NumberSequenceSplit>> restoreEnumerator(
                SplitEnumeratorContext<NumberSequenceSplit> context, Collection<NumberSequenceSplit> checkpoint) {
            return numbers.restoreEnumerator(context, checkpoint);
        }

        @Override
        public SimpleVersionedSerializer<NumberSequenceSplit> getSplitSerializer() {
            return numbers.getSplitSerializer();
        }

        @Override
        public SimpleVersionedSerializer<Collection<NumberSequenceSplit>> getEnumeratorCheckpointSerializer() {
            return numbers.getEnumeratorCheckpointSerializer();
        }
    }

    /** Asks for no split and ends at its first poll; a split restored from an older savepoint is dropped unread. */
    private static final class EndOfInput<T> implements SourceReader<T, NumberSequenceSplit> {

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) {
            return InputStatus.END_OF_INPUT;
        }

        @Override
        public List<NumberSequenceSplit> snapshotState(long checkpointId) {
            return List.of();
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void addSplits(List<NumberSequenceSplit> splits) {}

        @Override
        public void notifyNoMoreSplits() {}

        @Override
        public void close() {}
    }
}
