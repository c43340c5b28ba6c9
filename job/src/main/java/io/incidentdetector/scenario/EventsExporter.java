package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a scenario's events as JSON lines, the format {@code --events} and Kafka read. */
public final class EventsExporter {

    private EventsExporter() {}

    /** The scenario's service calls only. */
    public static long export(LatencyScenario scenario, ScenarioConfig config, Path file) throws IOException {
        CallGenerator generator = scenario.generator(config);
        long count = generator.count();
        try (BufferedWriter out = writer(file)) {
            for (long i = 0; i < count; i++) {
                out.write(ScenarioEvents.json(generator.map(i)));
                out.write('\n');
            }
        }
        return count;
    }

    /** The scenario's client errors only (none if it has no canary part). */
    public static long exportErrors(String scenario, ScenarioConfig config, Path file) throws IOException {
        ClientErrorGenerator generator = CanaryScenarios.find(scenario)
                .map(s -> new ClientErrorGenerator(s, config)).orElse(null);
        long count = generator == null ? 0 : generator.count();
        try (BufferedWriter out = writer(file)) {
            for (long i = 0; i < count; i++) {
                out.write(ScenarioEvents.json(generator.map(i)));
                out.write('\n');
            }
        }
        return count;
    }

    private static BufferedWriter writer(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }
}
