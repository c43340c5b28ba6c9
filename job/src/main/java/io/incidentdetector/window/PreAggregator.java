package io.incidentdetector.window;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pre-aggregation before a keyed shuffle, chained to the source: each record is folded into an accumulator for its key
 * and tumbling window right where it was read, and only the accumulators cross the network, once per key and window.
 * The keyed window downstream merges them. Without it every record would be serialized, shuffled and looked up in
 * window state on its own: most of a job's cost when a window holds many records.
 *
 * <p>A part is sent when this subtask's watermark passes its window, before the watermark itself, so it always
 * reaches the keyed window in time; it carries its window's last instant as its time. Everything is also sent before
 * a checkpoint barrier, when the input turns idle and at the end of the input, so this operator keeps no state. A
 * record whose window this subtask's watermark has already passed is late: it goes to {@code late}, as the keyed
 * window would have sent it. Memory is bounded whatever the keys: at most {@code maxOpen} parts are held (one more
 * sends them all early), and a key's entry outlives its parts only while the entries number at most {@code maxOpen},
 * so a flood of distinct keys holds at most twice that many.
 *
 * @param <K> the key of a part; {@link #lookup} may return one reused object, {@link #keep} the copy that is stored
 */
public abstract class PreAggregator<IN, K, ACC, OUT> extends AbstractStreamOperator<OUT>
        implements OneInputStreamOperator<IN, OUT> {

    private static final long serialVersionUID = 1L;

    /** Parts held at most before all are sent early (bounds memory when keys are many and the watermark slow). */
    public static final int MAX_OPEN = 50_000;

    private final long window;
    private final OutputTag<IN> late;
    private final int maxOpen;

    private transient Map<K, KeyWindows<ACC>> open;
    private transient long watermark;
    private transient int held;
    private transient StreamRecord<OUT> reuse;

    protected PreAggregator(Duration window, OutputTag<IN> late, int maxOpen) {
        this.window = window.toMillis();
        this.late = late;
        this.maxOpen = maxOpen;
    }

    /** The record's key, for a look-up; may be one object reused for every record. */
    protected abstract K lookup(IN record);

    /** The key to store for a new part: a copy when {@link #lookup} reuses its object. */
    protected K keep(K lookup) {
        return lookup;
    }

    protected abstract ACC create();

    protected abstract void add(ACC accumulator, IN record);

    /** The part sent for {@code key}'s window starting at {@code start}. */
    protected abstract OUT part(K key, long start, ACC accumulator);

    @Override
    public void open() throws Exception {
        super.open();
        open = new HashMap<>();
        watermark = Long.MIN_VALUE;
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<IN> element) {
        long timestamp = element.getTimestamp();
        long start = timestamp - Math.floorMod(timestamp, window);
        if (start + window - 1 <= watermark) {
            output.collect(late, element);
            return;
        }
        IN record = element.getValue();
        K key = lookup(record);
        KeyWindows<ACC> windows = open.get(key);
        if (windows == null) {
            windows = new KeyWindows<>();
            open.put(keep(key), windows);
        }
        windows.lastSeen = Math.max(windows.lastSeen, timestamp);
        add(accumulatorFor(windows, start), record);
    }

    private ACC accumulatorFor(KeyWindows<ACC> key, long start) {
        List<Open<ACC>> windows = key.open;
        // a window later than any open one is new (the common case in time order: no scan of the open windows);
        // else newest first: records mostly arrive in time order, and a fast replay can hold many windows per key
        for (int i = start > key.latestStart ? -1 : windows.size() - 1; i >= 0; i--) {
            Open<ACC> w = windows.get(i);
            if (w.start == start) {
                return w.accumulator;
            }
        }
        if (held >= maxOpen) {
            sendUpTo(Long.MAX_VALUE, key);
        }
        Open<ACC> w = new Open<>(start, create());
        windows.add(w);
        key.latestStart = Math.max(key.latestStart, start);
        held++;
        return w.accumulator;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        sendUpTo(mark.getTimestamp(), null);
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            sendUpTo(Long.MAX_VALUE, null);
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        sendUpTo(Long.MAX_VALUE, null);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        sendUpTo(Long.MAX_VALUE, null);
        super.finish();
    }

    /**
     * Sends every part whose window's last instant is at or before {@code time}; {@code inUse} (a key about to get
     * a part, or null) keeps its entry.
     */
    private void sendUpTo(long time, KeyWindows<ACC> inUse) {
        Iterator<Map.Entry<K, KeyWindows<ACC>>> keys = open.entrySet().iterator();
        while (keys.hasNext()) {
            Map.Entry<K, KeyWindows<ACC>> entry = keys.next();
            List<Open<ACC>> windows = entry.getValue().open;
            for (int i = windows.size() - 1; i >= 0; i--) {
                Open<ACC> w = windows.get(i);
                long last = w.start + window - 1;
                if (last <= time) {
                    output.collect(reuse.replace(part(entry.getKey(), w.start, w.accumulator), last));
                    windows.remove(i);
                    held--;
                }
            }
            // a key keeps its entry while it reports; one silent for two windows is dropped, and so is any key
            // without parts while the entries are more than maxOpen (a flood of keys that each report once)
            if (windows.isEmpty() && entry.getValue() != inUse && (open.size() > maxOpen
                    || watermark > Long.MIN_VALUE + 2 * window && entry.getValue().lastSeen < watermark - 2 * window)) {
                keys.remove();
            }
        }
    }

    /** Keys with an entry now (tests). */
    int keysHeld() {
        return open.size();
    }

    private record Open<ACC>(long start, ACC accumulator) {}

    private static final class KeyWindows<ACC> {
        final List<Open<ACC>> open = new ArrayList<>(2);
        long lastSeen = Long.MIN_VALUE;
        /** The latest start among the windows opened for this key (kept when they are sent). */
        long latestStart = Long.MIN_VALUE;
    }
}
