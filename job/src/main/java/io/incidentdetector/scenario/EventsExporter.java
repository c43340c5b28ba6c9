package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.ServiceCallEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a scenario's events as JSON lines, the format {@code --events} (and later Kafka) reads. */
public final class EventsExporter {

    private EventsExporter() {}

    public static long export(Scenario scenario, ScenarioConfig config, Path file) throws IOException {
        ServiceCallGenerator generator = new ServiceCallGenerator(scenario, config);
        long count = generator.count();
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            Map<String, Object> line = new LinkedHashMap<>();
            for (long i = 0; i < count; i++) {
                ServiceCallEvent e = generator.map(i);
                line.put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
                line.put("source", e.source());
                line.put("destination", e.destination());
                line.put("latencyMs", Math.round(e.latencyMs() * 1000) / 1000.0);
                line.put("status", e.status());
                out.write(JsonCodec.mapper().writeValueAsString(line));
                out.write('\n');
            }
        }
        return count;
    }
}
