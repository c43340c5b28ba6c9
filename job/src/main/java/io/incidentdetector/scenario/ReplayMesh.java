package io.incidentdetector.scenario;

import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.event.ServicePair;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A Prometheus export of a small mesh as a team would replay it: 14 edges (the Online Boutique's calls), one p50 a
 * minute, a day of fault-free training history and the next day live, with labelled faults. Every edge has one of the
 * real-data shapes ({@link SeriesShapes}): plain, bucket-quantised, two levels, heavy-tailed, drifting, seasonal with
 * scrape gaps. Faults add a delay to every call into a service for 1 to 10 minutes, some on the same service 9
 * minutes apart, then, after that span, to every call a service makes (its CPU) or to its calls in and out (its pod's
 * network), one such fault for every 4 hours of the span.
 */
public final class ReplayMesh {

    public static final Duration STEP = Duration.ofMinutes(1);
    public static final Instant TRAINING_START = Instant.parse("2026-01-01T00:00:00Z");
    public static final Instant LIVE_START = Instant.parse("2026-01-02T00:00:00Z");
    public static final Duration DAY = Duration.ofDays(1);

    /** A delay on what {@code target} names ({@link FaultTarget}: a service, {@code caller:svc} or {@code pod:svc}). */
    public record Delay(String target, Instant from, Instant to, double delayMs) {}

    /** The caller-side faults, in turn: target, delay (ms), minutes. */
    private static final String[] SIDE_TARGETS = {"caller:frontend", "pod:checkoutservice", "caller:checkoutservice",
            "pod:recommendationservice", "caller:frontend", "pod:checkoutservice"};
    private static final double[] SIDE_DELAYS = {200, 100, 500, 50, 100, 500};
    private static final int[] SIDE_MINUTES = {5, 3, 3, 10, 3, 10};

    private record Edge(String pair, Supplier<SeriesShapes.Shape> shape) {}

    private static final long DAY_MS = DAY.toMillis();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Delay> faults = new ArrayList<>();
    private final long seed;
    private final Duration live;

    private ReplayMesh(long seed, Duration live, boolean withFaults) {
        this.seed = seed;
        long start = LIVE_START.toEpochMilli();
        edge("frontend->cartservice", () -> SeriesShapes.bucketQuantised(4, 0.5, 30));
        edge("frontend->productcatalogservice", () -> SeriesShapes.twoLevels(6, 9, 0.3, 6, 0.04));
        edge("frontend->currencyservice", () -> SeriesShapes.heavyTailed(3, 0.08, 0.003));
        edge("frontend->recommendationservice", () -> SeriesShapes.seasonalWithGaps(30, 0.25, 0.05, 0.02));
        edge("frontend->adservice", () -> SeriesShapes.plain(5, 0.06));
        edge("frontend->shippingservice", () -> SeriesShapes.drifting(8, 1.3, start, DAY_MS, 0.05));
        edge("frontend->checkoutservice", () -> SeriesShapes.heavyTailed(120, 0.05, 0.003));
        edge("checkoutservice->cartservice", () -> SeriesShapes.bucketQuantised(3, 0.4, 20));
        edge("checkoutservice->productcatalogservice", () -> SeriesShapes.plain(5, 0.05));
        edge("checkoutservice->currencyservice", () -> SeriesShapes.twoLevels(2.5, 4, 0.2, 5, 0.05));
        edge("checkoutservice->shippingservice", () -> SeriesShapes.seasonalWithGaps(7, 0.2, 0.05, 0.02));
        edge("checkoutservice->paymentservice", () -> SeriesShapes.bucketQuantised(15, 0.5, 25));
        edge("checkoutservice->emailservice", () -> SeriesShapes.heavyTailed(10, 0.06, 0.003));
        edge("recommendationservice->productcatalogservice", () -> SeriesShapes.plain(6, 0.05));
        String[] services = {"cartservice", "productcatalogservice", "currencyservice", "shippingservice",
                "paymentservice", "emailservice", "checkoutservice", "recommendationservice"};
        double[] delays = {50, 100, 200, 500};
        int[] minutes = {3, 3, 1, 10, 3, 5};
        int n = 0;
        for (long at = start + 3_600_000L; withFaults && at + 40 * 60_000L <= start + live.toMillis();
                at += 3_600_000L, n++) {
            String service = services[n % services.length];
            double delay = delays[(n / 2) % delays.length];
            long length = minutes[n % minutes.length] * 60_000L;
            faults.add(new Delay(service, Instant.ofEpochMilli(at), Instant.ofEpochMilli(at + length), delay));
            if (n % 4 == 3) {
                // the same service again 9 minutes after the first fault ended
                long again = at + length + 9 * 60_000L;
                faults.add(new Delay(service, Instant.ofEpochMilli(again), Instant.ofEpochMilli(again + 3 * 60_000L),
                        delay));
            }
        }
        // the last fault above ends 18 minutes before the span's end at the latest: these start 30 minutes after it
        int side = withFaults ? (int) (live.toHours() / 4) : 0;
        long at = start + live.toMillis() + 30 * 60_000L;
        for (int k = 0; k < side; k++, at += 3_600_000L) {
            int i = k % SIDE_TARGETS.length;
            faults.add(new Delay(SIDE_TARGETS[i], Instant.ofEpochMilli(at),
                    Instant.ofEpochMilli(at + SIDE_MINUTES[i] * 60_000L), SIDE_DELAYS[i]));
        }
        this.live = side == 0 ? live : Duration.ofMillis(at - start);
    }

    /**
     * The standard export: a day of training, {@code live} of live data with a fault an hour, then the caller-side
     * faults ({@link #live()} is the whole span).
     */
    public static ReplayMesh of(long seed, Duration live) {
        return new ReplayMesh(seed, live, true);
    }

    /** The same export without any fault: {@code live} of normal data after the day of training. */
    public static ReplayMesh faultFree(long seed, Duration live) {
        return new ReplayMesh(seed, live, false);
    }

    private void edge(String pair, Supplier<SeriesShapes.Shape> shape) {
        edges.add(new Edge(pair, shape));
    }

    public List<Delay> faults() {
        return faults;
    }

    /** How long the live data runs: the span asked for, and the caller-side faults after it. */
    public Duration live() {
        return live;
    }

    public List<String> pairs() {
        return edges.stream().map(Edge::pair).toList();
    }

    /** The faults that delay an edge's calls: on its callee's calls in, or on its caller's calls out. */
    private List<Delay> onEdge(String pair) {
        String[] ends = ServicePair.split(pair);
        return faults.stream().filter(d -> {
            FaultTarget target = FaultTarget.parse(d.target());
            return target.slowsCallsIn() && target.service().equals(ends[1])
                    || target.slowsCallsOut() && target.service().equals(ends[0]);
        }).toList();
    }

    /** Callers of {@code service} among the edges. */
    public long callersOf(String service) {
        return edges.stream().filter(e -> e.pair().endsWith("->" + service)).count();
    }

    /**
     * Writes one query_range file per pair for {@code from} over {@code length} into {@code dir}, with the faults
     * that fall in it; returns the files by pair.
     */
    public Map<String, Path> write(Path dir, Instant from, Duration length) throws IOException {
        Files.createDirectories(dir);
        Map<String, Path> files = new LinkedHashMap<>();
        for (int e = 0; e < edges.size(); e++) {
            Edge edge = edges.get(e);
            SeriesShapes.Shape shape = edge.shape().get();
            Random random = new Random(seed * 1_000_003L + e * 7919L + from.toEpochMilli());
            List<Delay> onEdge = onEdge(edge.pair());
            List<QueryRangeSample> samples = new ArrayList<>();
            for (long t = from.toEpochMilli(); t < from.toEpochMilli() + length.toMillis(); t += STEP.toMillis()) {
                double delay = 0;
                for (Delay d : onEdge) {
                    if (t >= d.from().toEpochMilli() && t < d.to().toEpochMilli()) {
                        delay += d.delayMs();
                    }
                }
                double y = shape.at(t, delay, random);
                if (Double.isFinite(y)) {
                    samples.add(new QueryRangeSample(t, y));
                }
            }
            Path file = dir.resolve(ServicePair.fileStem(edge.pair()) + ".json");
            try (OutputStream out = Files.newOutputStream(file)) {
                String[] parts = ServicePair.split(edge.pair());
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("source_workload", parts[0]);
                labels.put("destination_workload", parts[1]);
                QueryRangeFiles.writeSingleSeries(out, labels, samples);
            }
            files.put(edge.pair(), file);
        }
        return files;
    }
}
