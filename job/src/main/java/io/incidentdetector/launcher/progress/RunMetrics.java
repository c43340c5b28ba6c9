package io.incidentdetector.launcher.progress;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metrics of the jobs one launch runs on local MiniClusters in this JVM, as {@link ProgressReporterFactory}'s
 * reporter hands them over while Flink registers and drops them; summed up into {@link Figures} on demand. A
 * MiniCluster feeds the board whose id its configuration carries, so runs in one JVM never mix.
 */
final class RunMetrics implements AutoCloseable {

    /** Registered by every source operator (FLIP-27): it marks the scopes whose records out are records read. */
    static final String SOURCE_MARK = "sourceIdleTime";
    static final String RECORDS_OUT = "numRecordsOut";
    static final String WATERMARK = "currentOutputWatermark";
    /** BaselineJudge's counter. */
    static final String WINDOWS_JUDGED = "windows_judged";
    /** IncidentLifecycle's counters, for the latency and the canary pipeline. */
    static final String OPENED = "incidents_opened";
    static final String RESOLVED = "incidents_resolved";

    private static final Set<String> READ = Set.of(RECORDS_OUT, WATERMARK, WINDOWS_JUDGED, OPENED, RESOLVED);
    private static final Map<String, RunMetrics> OPEN = new ConcurrentHashMap<>();

    /** A metric, and the scope (the variables of its group: job, operator, subtask) it belongs to. */
    private record Scoped(String name, Map<String, String> scope) {}

    private final String id = UUID.randomUUID().toString();
    private final Map<Metric, Scoped> metrics = new ConcurrentHashMap<>();
    private final Set<Map<String, String>> sources = ConcurrentHashMap.newKeySet();

    private RunMetrics() {}

    /** A new board, found by the reporters of the MiniClusters {@link #configure}d with it until it is closed. */
    static RunMetrics open() {
        RunMetrics board = new RunMetrics();
        OPEN.put(board.id, board);
        return board;
    }

    static Optional<RunMetrics> find(String id) {
        return Optional.ofNullable(OPEN.get(id));
    }

    /** Adds the reporter that feeds this board to a MiniCluster's configuration. */
    void configure(Configuration conf) {
        String prefix = "metrics.reporter." + ProgressReporterFactory.NAME + ".";
        conf.setString(prefix + "factory.class", ProgressReporterFactory.class.getName());
        conf.setString(prefix + ProgressReporterFactory.RUN, id);
    }

    void added(Metric metric, String name, Map<String, String> scope) {
        if (SOURCE_MARK.equals(name)) {
            sources.add(scope);
        } else if (READ.contains(name)) {
            metrics.put(metric, new Scoped(name, scope));
        }
    }

    void removed(Metric metric, String name, Map<String, String> scope) {
        if (SOURCE_MARK.equals(name)) {
            sources.remove(scope);
        } else {
            metrics.remove(metric);
        }
    }

    /** The figures of the metrics registered now. */
    Figures figures() {
        long events = 0;
        long watermark = Long.MIN_VALUE;
        long judged = 0;
        long opened = 0;
        long resolved = 0;
        boolean judging = false;
        boolean incidents = false;
        for (Map.Entry<Metric, Scoped> entry : metrics.entrySet()) {
            Metric metric = entry.getKey();
            boolean source = sources.contains(entry.getValue().scope());
            switch (entry.getValue().name()) {
                case RECORDS_OUT -> events += source ? count(metric) : 0;
                case WATERMARK -> watermark = source ? Math.max(watermark, reached(metric)) : watermark;
                case WINDOWS_JUDGED -> {
                    judging = true;
                    judged += count(metric);
                }
                case OPENED -> {
                    incidents = true;
                    opened += count(metric);
                }
                case RESOLVED -> resolved += count(metric);
                default -> { }
            }
        }
        return new Figures(!sources.isEmpty(), events,
                watermark == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(watermark)),
                judging ? OptionalLong.of(judged) : OptionalLong.empty(),
                incidents ? OptionalLong.of(Math.max(0, opened - resolved)) : OptionalLong.empty());
    }

    private static long count(Metric metric) {
        return metric instanceof Counter counter ? counter.getCount() : 0;
    }

    /** A watermark gauge's value, Long.MIN_VALUE before the first and after the last (Long.MAX_VALUE) watermark. */
    private static long reached(Metric metric) {
        if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number n && n.longValue() != Long.MAX_VALUE) {
            return n.longValue();
        }
        return Long.MIN_VALUE;
    }

    @Override
    public void close() {
        OPEN.remove(id);
    }
}
