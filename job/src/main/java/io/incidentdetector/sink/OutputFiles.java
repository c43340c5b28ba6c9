package io.incidentdetector.sink;

import io.incidentdetector.connectors.file.JsonLinesFileSink;
import io.incidentdetector.picture.IncidentPages;
import io.incidentdetector.pipeline.Outputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The files a run without Kafka writes, all in one folder: their names, and the sinks that write them. */
public final class OutputFiles {

    public static final String INCIDENTS = "incidents.jsonl";
    public static final String WINDOWS = "windows.jsonl";
    public static final String DEAD_LETTERS = "dead-letters.jsonl";
    public static final String LATE_EVENTS = "late-events.jsonl";
    public static final String LATE_ERRORS = "late-errors.jsonl";
    public static final String ALERTS = "alerts.jsonl";
    public static final String HEATMAP_CELLS = "heatmap-cells.jsonl";
    public static final String HEATMAP_CSV = "heatmap.csv";
    public static final String HEATMAP_PNG = "heatmap.png";
    /** The folder of the incident pages, written when a run ends (listed by its index.html after the files). */
    public static final String PAGES = IncidentPages.FOLDER;
    /** Every file a run may write, in the order a summary lists them. */
    public static final List<String> ALL = List.of(INCIDENTS, WINDOWS, DEAD_LETTERS, LATE_EVENTS, LATE_ERRORS, ALERTS,
            HEATMAP_CELLS, HEATMAP_CSV, HEATMAP_PNG);

    private final Path dir;

    public OutputFiles(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Creates the folder and removes the files of a previous run, so that nothing of it is mistaken for output. */
    public OutputFiles prepare() throws IOException {
        Files.createDirectories(dir);
        for (String file : ALL) {
            Files.deleteIfExists(dir.resolve(file));
        }
        Path pages = dir.resolve(PAGES);
        if (Files.isDirectory(pages)) {
            try (Stream<Path> old = Files.list(pages)) {
                for (Path page : old.filter(p -> p.getFileName().toString().endsWith(".html")).toList()) {
                    Files.delete(page);
                }
            }
        }
        return this;
    }

    /** A sink per file; the window verdicts (one line per pair and window) only if asked for. */
    public Outputs.Builder sinks(boolean verdicts) {
        Outputs.Builder outputs = Outputs.builder(new JsonLinesFileSink<>(file(INCIDENTS), IncidentJson::line),
                        JsonLinesFileSink.jackson(file(DEAD_LETTERS)))
                .lateEvents(JsonLinesFileSink.jackson(file(LATE_EVENTS)))
                .lateErrors(JsonLinesFileSink.jackson(file(LATE_ERRORS)))
                .alerts(JsonLinesFileSink.jackson(file(ALERTS)))
                .heatmapCells(JsonLinesFileSink.jackson(file(HEATMAP_CELLS)));
        return verdicts ? outputs.verdicts(JsonLinesFileSink.jackson(file(WINDOWS))) : outputs;
    }
}
