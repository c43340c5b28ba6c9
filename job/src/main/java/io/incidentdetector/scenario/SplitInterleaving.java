package io.incidentdetector.scenario;

import org.apache.flink.util.NumberSequenceIterator;

import java.io.Serializable;

/**
 * Flink's generator source hands each parallel reader one contiguous range of event indexes. Read as they are, the
 * first reader would generate the first half of the scenario's time and the second reader the second half: the job's
 * watermark (the slowest reader's) would stay in the first half while every window of the second half piled up in
 * state. This maps a reader's indexes onto the events in turn ({@code reader j} gets events {@code j, j + p, ...}),
 * so every reader walks through the whole scenario in time order, as a real partitioned source does. With one reader
 * it maps every index to itself.
 */
final class SplitInterleaving implements Serializable {

    private static final long serialVersionUID = 1L;

    private long[] starts;
    private long[] sizes;
    private long smallest;

    /** Learns the ranges as the source cut them: {@code parallelism} parts of {@code [0, count)}. */
    void open(long count, int parallelism) {
        if (parallelism <= 1 || count <= 1) {
            starts = null;
            return;
        }
        NumberSequenceIterator[] parts = new NumberSequenceIterator(0, count - 1).split(parallelism);
        starts = new long[parts.length];
        sizes = new long[parts.length];
        smallest = Long.MAX_VALUE;
        for (int j = 0; j < parts.length; j++) {
            starts[j] = parts[j].getCurrent();
            sizes[j] = parts[j].hasNext() ? parts[j].getTo() - parts[j].getCurrent() + 1 : 0;
            smallest = Math.min(smallest, sizes[j]);
        }
        for (int j = 0; j < parts.length; j++) {
            if (sizes[j] > smallest + 1 || j > 0 && starts[j] != starts[j - 1] + sizes[j - 1]) {
                starts = null; // not the equal cut this was written for: leave the order alone
                return;
            }
        }
    }

    /** The event that the reader holding {@code index} generates at that position. */
    long event(long index) {
        if (starts == null) {
            return index;
        }
        int j = part(index);
        long local = index - starts[j];
        if (local < smallest) {
            return local * starts.length + j;
        }
        // the last round, only for the parts one longer than the rest
        long rank = 0;
        for (int k = 0; k < j; k++) {
            if (sizes[k] > smallest) {
                rank++;
            }
        }
        return smallest * starts.length + rank;
    }

    private int part(long index) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
