package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.window.LatencySketch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports a fault-free generator run as one Prometheus {@code query_range} file per pair: the window quantile of
 * every window, stamped with the window end (as Prometheus stamps a range-query point with its evaluation time),
 * using the same sketch as the job's windows.
 */
public final class TrainingExporter {

    private TrainingExporter() {}

    /** Writes {@code <source>_<destination>.json} per pair into {@code dir}; returns the files written. */
    public static List<Path> export(Scenario scenario, ScenarioConfig config, Duration window, double quantile, Path dir)
            throws IOException {
        ServiceCallGenerator generator = new ServiceCallGenerator(scenario, config);
        long windowMillis = window.toMillis();
        Map<String, TreeMap<Long, LatencySketch>> windows = new LinkedHashMap<>();
        long count = generator.count();
        for (long i = 0; i < count; i++) {
            ServiceCallEvent event = generator.map(i);
            long end = (Math.floorDiv(event.timestamp(), windowMillis) + 1) * windowMillis;
            windows.computeIfAbsent(event.pair(), p -> new TreeMap<>())
                    .computeIfAbsent(end, e -> new LatencySketch())
                    .add(event.latencyMs());
        }
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, LatencySketch>> pair : windows.entrySet()) {
            List<QueryRangeSample> samples = new ArrayList<>();
            pair.getValue().forEach((end, sketch) -> samples.add(new QueryRangeSample(end, sketch.quantile(quantile))));
            String[] parts = ServicePair.split(pair.getKey());
            Path file = dir.resolve(ServicePair.fileStem(pair.getKey()) + ".json");
            try (OutputStream out = Files.newOutputStream(file)) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("source_workload", parts[0]);
                labels.put("destination_workload", parts[1]);
                labels.put("quantile", Double.toString(quantile));
                QueryRangeFiles.writeSingleSeries(out, labels, samples);
            }
            written.add(file);
        }
        return written;
    }
}
