package io.incidentdetector.canary.count;

import io.incidentdetector.canary.SecondCount;
import io.incidentdetector.event.ClientErrorEvent;

import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Per-second counts per (build, code): counted where read, summed in the keyed window, one record per window. */
public final class CountPerSecond {

    private CountPerSecond() {}

    /** The keyed-state key of a (build, code) pair. */
    public static String key(ClientErrorEvent event) {
        return event.code() + "@" + event.build();
    }

    /** The keyed-state key of the (build, code) pair a part of a second's count belongs to. */
    public static String key(SecondCount part) {
        return part.code() + "@" + part.build();
    }

    /** Sums the parts of a second's count ({@link SecondCountCombiner}); the accumulator is a single long. */
    public static final class Count implements AggregateFunction<SecondCount, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(SecondCount part, Long accumulator) {
            return accumulator + part.count();
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** Emits the count with the second and the (build, code) it belongs to. */
    public static final class Emit extends ProcessWindowFunction<Long, SecondCount, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context context, Iterable<Long> counts, Collector<SecondCount> out) {
            int at = key.indexOf('@');
            out.collect(new SecondCount(context.window().getStart(), key.substring(at + 1),
                    Integer.parseInt(key.substring(0, at)), counts.iterator().next()));
        }
    }
}
