package io.incidentdetector.window;

import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServicePair;

import org.apache.flink.util.OutputTag;

import java.time.Duration;

/**
 * The latency pipeline's {@link PreAggregator}: each call's latency goes into a sketch for its pair and window where
 * it was read; the keyed window merges the sketches ({@link MergePartials}). Pairs are looked up by their two names,
 * so no key string is built per event.
 */
public final class PairWindowCombiner extends PreAggregator<ServiceCallEvent, PairWindowCombiner.Pair, LatencySketch,
        WindowPartial> {

    private static final long serialVersionUID = 1L;

    private transient Pair probe;

    public PairWindowCombiner(Duration window, OutputTag<ServiceCallEvent> lateEvents) {
        this(window, lateEvents, MAX_OPEN);
    }

    PairWindowCombiner(Duration window, OutputTag<ServiceCallEvent> lateEvents, int maxOpen) {
        super(window, lateEvents, maxOpen);
    }

    @Override
    protected Pair lookup(ServiceCallEvent event) {
        if (probe == null) {
            probe = new Pair(null, null);
        }
        return probe.of(event.source(), event.destination());
    }

    @Override
    protected Pair keep(Pair lookup) {
        return new Pair(lookup.source, lookup.destination);
    }

    @Override
    protected LatencySketch create() {
        return new LatencySketch();
    }

    @Override
    protected void add(LatencySketch sketch, ServiceCallEvent event) {
        sketch.add(event.latencyMs());
    }

    @Override
    protected WindowPartial part(Pair pair, long start, LatencySketch sketch) {
        return new WindowPartial(pair.key(), start, sketch);
    }

    /** A pair's two names; its key string is built once, when its first part is sent. */
    static final class Pair {
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
}
