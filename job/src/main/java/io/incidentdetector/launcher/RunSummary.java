package io.incidentdetector.launcher;

import io.incidentdetector.connectors.json.JsonCodec;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.flink.api.common.JobExecutionResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** What a local run produced, printed once it finishes. */
final class RunSummary {

    private RunSummary() {}

    static void print(Path out, JobExecutionResult result, Duration took) throws IOException {
        long windows = 0;
        long anomalous = 0;
        Path verdicts = out.resolve(JobWiring.WINDOWS_FILE);
        if (Files.exists(verdicts)) {
            try (Stream<String> lines = Files.lines(verdicts)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    windows++;
                    JsonNode node = JsonCodec.mapper().readTree(line);
                    anomalous += node.path("anomalyCount").asInt();
                }
            }
        }
        System.out.printf("%nfinished in %.1f s: %d windows judged, %d anomalous; %s incident records;"
                        + " %s late events; %s dead letters%n",
                took.toMillis() / 1000.0, windows, anomalous, count(result, "incidents"), count(result, "late-events"),
                count(result, "dead-letters"));
        for (String file : List.of(JobWiring.INCIDENTS_FILE, JobWiring.WINDOWS_FILE, JobWiring.DEAD_LETTERS_FILE,
                JobWiring.LATE_EVENTS_FILE)) {
            Path path = out.resolve(file);
            if (Files.exists(path)) {
                System.out.println("  " + path);
            }
        }
    }

    private static Object count(JobExecutionResult result, String name) {
        Object value = result.getAllAccumulatorResults().get(name);
        return value == null ? 0 : value;
    }
}
