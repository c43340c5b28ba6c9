package io.incidentdetector.window;

import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServicePair;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Pre-aggregation before the keyed shuffle, chained to the source: each event goes into a sketch for its pair and
 * window right where it was read, and only the sketches cross the network, once per pair and window. Without it every
 * event would be serialized, shuffled, keyed by a new string and looked up in window state: most of the job's cost.
 *
 * <p>A part is sent when this subtask's watermark passes its window, before the watermark itself, so it always
 * reaches the keyed window in time. Everything is also sent before a checkpoint barrier, when the input turns idle and
 * at the end of the input; the window merges as many parts as it gets. So this operator keeps no state.
 *
 * <p>An event whose window this subtask's watermark has already passed is late: it goes to {@code lateEvents}, as
 * the keyed window would have sent it.
 */
public final class PairWindowCombiner extends AbstractStreamOperator<WindowPartial>
        implements OneInputStreamOperator<ServiceCallEvent, WindowPartial> {

    private static final long serialVersionUID = 1L;

    /** Parts held at most before all are sent early (bounds memory on a huge mesh with a slow watermark). */
    static final int MAX_OPEN = 50_000;

    private final long window;
    private final int maxOpen;
    private final OutputTag<ServiceCallEvent> lateEvents;

    private transient Map<Pair, PairWindows> open;
    private transient Pair probe;
    private transient long watermark;
    private transient int held;
    private transient StreamRecord<WindowPartial> reuse;

    public PairWindowCombiner(java.time.Duration window, OutputTag<ServiceCallEvent> lateEvents) {
        this(window, lateEvents, MAX_OPEN);
    }

    PairWindowCombiner(java.time.Duration window, OutputTag<ServiceCallEvent> lateEvents, int maxOpen) {
        this.window = window.toMillis();
        this.lateEvents = lateEvents;
        this.maxOpen = maxOpen;
    }

    @Override
    public void open() throws Exception {
        super.open();
        open = new HashMap<>();
        probe = new Pair(null, null);
        watermark = Long.MIN_VALUE;
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<ServiceCallEvent> element) {
        ServiceCallEvent event = element.getValue();
        long timestamp = event.timestamp();
        long start = timestamp - Math.floorMod(timestamp, window);
        if (start + window - 1 <= watermark) {
            output.collect(lateEvents, element);
            return;
        }
        PairWindows windows = open.get(probe.of(event.source(), event.destination()));
        if (windows == null) {
            windows = new PairWindows();
            open.put(new Pair(event.source(), event.destination()), windows);
        }
        windows.lastSeen = Math.max(windows.lastSeen, timestamp);
        sketchFor(windows.open, start).add(event.latencyMs());
    }

    private LatencySketch sketchFor(List<Open> windows, long start) {
        for (int i = 0; i < windows.size(); i++) {
            Open w = windows.get(i);
            if (w.start == start) {
                return w.sketch;
            }
        }
        if (held >= maxOpen) {
            sendUpTo(Long.MAX_VALUE);
        }
        Open w = new Open(start, new LatencySketch());
        windows.add(w);
        held++;
        return w.sketch;
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        watermark = Math.max(watermark, mark.getTimestamp());
        sendUpTo(mark.getTimestamp());
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            sendUpTo(Long.MAX_VALUE);
        }
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        sendUpTo(Long.MAX_VALUE);
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        sendUpTo(Long.MAX_VALUE);
        super.finish();
    }

    /** Sends every part whose window ends at or before {@code time + 1}. */
    private void sendUpTo(long time) {
        Iterator<Map.Entry<Pair, PairWindows>> pairs = open.entrySet().iterator();
        while (pairs.hasNext()) {
            Map.Entry<Pair, PairWindows> entry = pairs.next();
            List<Open> windows = entry.getValue().open;
            for (int i = windows.size() - 1; i >= 0; i--) {
                Open w = windows.get(i);
                long last = w.start + window - 1;
                if (last <= time) {
                    output.collect(reuse.replace(new WindowPartial(entry.getKey().key(), w.start, w.sketch), last));
                    windows.remove(i);
                    held--;
                }
            }
            // a pair keeps its entry (and key string) while it reports; one silent for two windows is dropped
            if (windows.isEmpty() && watermark > Long.MIN_VALUE + 2 * window
                    && entry.getValue().lastSeen < watermark - 2 * window) {
                pairs.remove();
            }
        }
    }

    /** Open pairs are few and long-lived: the key string is built once per pair, not per event. */
    private static final class Pair {
        private String source;
        private String destination;
        private int hash;
        private String key;

        Pair(String source, String destination) {
            of(source, destination);
        }

        Pair of(String newSource, String newDestination) {
            source = newSource;
            destination = newDestination;
            // not 31 * a + b: service names differ by a character or two (db-098, db-099), and so would collide
            hash = newSource == null ? 0 : Long.hashCode(
                    (newSource.hashCode() * 0x9E3779B97F4A7C15L + newDestination.hashCode()) * 0xBF58476D1CE4E5B9L);
            key = null;
            return this;
        }

        String key() {
            if (key == null) {
                key = ServicePair.key(source, destination);
            }
            return key;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.hash == hash && p.source.equals(source)
                    && p.destination.equals(destination);
        }
    }

    private record Open(long start, LatencySketch sketch) {}

    private static final class PairWindows {
        final List<Open> open = new ArrayList<>(2);
        long lastSeen = Long.MIN_VALUE;
    }
}
