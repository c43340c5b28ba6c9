package io.incidentdetector.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the run's data comes from and which pipelines it feeds, decided once; {@code prometheus}: the latency
 * pipeline reads a Prometheus server. Files: service-call events, query_range
 * replays (by pair key), and client errors in the error-stream script's CSV format or as JSON lines.
 */
public record InputPlan(Kind kind, boolean latency, boolean canary, List<Path> events, Map<String, Path> queryRange,
        List<Path> errorsCsv, List<Path> errorsJson, boolean prometheus) {

    /** Where events come from. */
    public enum Kind {
        /** The built-in scenario generator. */
        GENERATOR,
        /** JSON-lines, CSV or query_range files. */
        FILES,
        /** Kafka topics (and, with {@code prometheus}, a Prometheus server for the latency pipeline). */
        KAFKA,
        /** A Prometheus server for the latency pipeline (and client-error files for the canary); files out. */
        PROMETHEUS
    }

    /** Canary bins are labelled {@code H:MM:SS} like the error-stream script's when its CSV files are read. */
    public boolean clockLabels() {
        return !errorsCsv.isEmpty();
    }
}
