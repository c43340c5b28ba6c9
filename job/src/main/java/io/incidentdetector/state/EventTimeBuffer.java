package io.incidentdetector.state;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

import java.util.ArrayList;
import java.util.List;

/**
 * Keyed records held until the watermark passes their event time, then handed out in time order. Records of one key
 * can arrive from several parallel upstream operators, so arrival order is not event-time order; an event-time
 * timer at a record's time fires only once every record of an earlier time is in, and timers fire in time order.
 * Used by the operators that must apply their input strictly in event-time order (group temperature, incident
 * lifecycle, canary bins). Empty times leave no state behind.
 *
 * @param <T> the buffered records (a type Flink serializes without Kryo)
 */
public final class EventTimeBuffer<T> {

    private final MapState<Long, List<T>> pending;
    private final long fireDelay;

    private EventTimeBuffer(MapState<Long, List<T>> pending, long fireDelay) {
        this.pending = pending;
        this.fireDelay = fireDelay;
    }

    /** A buffer in keyed state {@code name}, released when the watermark reaches a record's time. */
    public static <T> EventTimeBuffer<T> create(RuntimeContext context, String name, TypeInformation<T> type) {
        return create(context, name, type, 0);
    }

    /**
     * As above, released {@code fireDelay} ms after a record's time (for times that stand for an interval: a second
     * starting at {@code t} is complete when the watermark reaches {@code t + 999}).
     */
    public static <T> EventTimeBuffer<T> create(RuntimeContext context, String name, TypeInformation<T> type,
            long fireDelay) {
        MapState<Long, List<T>> state = context.getMapState(new MapStateDescriptor<>(name, Types.LONG,
                Types.LIST(type)));
        return new EventTimeBuffer<>(state, fireDelay);
    }

    /** Holds {@code record} until the watermark reaches {@code time} (plus the delay). */
    public void add(long time, T record, TimerService timers) throws Exception {
        List<T> atTime = pending.get(time);
        List<T> updated = atTime == null ? new ArrayList<>() : new ArrayList<>(atTime);
        updated.add(record);
        pending.put(time, updated);
        timers.registerEventTimeTimer(time + fireDelay);
    }

    /**
     * The records released by the timer that fired at {@code firedAt}, in arrival order, and forgets them; empty if
     * that timer was not one of this buffer's.
     */
    public List<T> release(long firedAt) throws Exception {
        long time = firedAt - fireDelay;
        List<T> atTime = pending.get(time);
        if (atTime == null) {
            return List.of();
        }
        pending.remove(time);
        return new ArrayList<>(atTime);
    }

    /** True when no record is held (for any time). */
    public boolean isEmpty() throws Exception {
        return pending.isEmpty();
    }

    /** The event time a timer that fired at {@code firedAt} stands for. */
    public long timeOf(long firedAt) {
        return firedAt - fireDelay;
    }
}
