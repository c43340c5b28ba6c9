package io.incidentdetector.launcher;

import io.incidentdetector.canary.BinCell;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.picture.IncidentPages;
import io.incidentdetector.picture.RatePoint;
import io.incidentdetector.sink.OutputFiles;

import com.fasterxml.jackson.databind.ObjectReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The incident pages of a file run, from its folder: {@code incidents.jsonl}, then {@code windows.jsonl} and
 * {@code heatmap-cells.jsonl} streamed (a line at a time; only what a page shows is kept). A line that cannot be read
 * (the half-written last line of a run still going) is skipped.
 */
final class IncidentPageFiles {

    static final String SOURCE = OutputFiles.INCIDENTS + ", " + OutputFiles.WINDOWS + " and "
            + OutputFiles.HEATMAP_CELLS;

    private IncidentPageFiles() {}

    /** Writes the pages into {@code out}; returns how many (none, and no folder, without incidents). */
    static int write(OutputFiles files, int binSeconds, Path out) throws IOException {
        List<Incident> records = new ArrayList<>();
        read(files.file(OutputFiles.INCIDENTS), Incident.class, records::add);
        if (records.isEmpty()) {
            return 0;
        }
        IncidentPages pages = new IncidentPages(records);
        read(files.file(OutputFiles.WINDOWS), WindowVerdict.class, pages::accept);
        Duration bin = Duration.ofSeconds(binSeconds);
        read(files.file(OutputFiles.HEATMAP_CELLS), BinCell.class, cell -> pages.accept(new RatePoint(cell.code(),
                cell.binStart().plus(bin), bin, cell.baselineCount(), cell.canaryCount())));
        return pages.write(out, SOURCE);
    }

    /** After a file run: the pages beside {@code incidents.jsonl}. */
    static int write(OutputFiles files, int binSeconds) throws IOException {
        return write(files, binSeconds, files.file(OutputFiles.PAGES));
    }

    private static <T> void read(Path file, Class<T> type, Consumer<T> each) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        ObjectReader reader = JsonCodec.mapper().readerFor(type);
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                T value;
                try {
                    value = reader.readValue(line);
                } catch (IOException e) {
                    continue;
                }
                each.accept(value);
            }
        }
    }
}
