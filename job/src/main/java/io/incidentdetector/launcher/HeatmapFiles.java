package io.incidentdetector.launcher;

import io.incidentdetector.canary.BinCell;
import io.incidentdetector.canary.heatmap.HeatmapCsv;
import io.incidentdetector.canary.heatmap.HeatmapGrid;
import io.incidentdetector.canary.heatmap.HeatmapRenderer;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.sink.OutputFiles;

import com.fasterxml.jackson.databind.ObjectReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * After a canary replay: the cells the job emitted become {@code heatmap.csv} and {@code heatmap.png}. The cells file
 * is streamed (twice) into a grid of at most {@link HeatmapGrid#MAX_COLUMNS} columns, so a long input costs time in
 * proportion to its length and memory not at all.
 */
public final class HeatmapFiles {

    private HeatmapFiles() {}

    public static boolean write(OutputFiles files, CanaryConfig canary) throws IOException {
        Path cellsFile = files.file(OutputFiles.HEATMAP_CELLS);
        if (!Files.exists(cellsFile)) {
            return false;
        }
        ObjectReader reader = JsonCodec.mapper().readerFor(BinCell.class);
        HeatmapGrid grid = HeatmapGrid.summarised(each -> {
            try (BufferedReader lines = Files.newBufferedReader(cellsFile)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        each.accept(reader.readValue(line));
                    }
                }
            }
        }, canary.bins() * 1000L, HeatmapGrid.MAX_COLUMNS);
        if (grid.codes().isEmpty()) {
            return false;
        }
        HeatmapCsv.write(grid, files.file(OutputFiles.HEATMAP_CSV));
        HeatmapRenderer.write(grid, "canary " + canary.canaryBuild() + " vs baseline " + canary.baselineBuild() + "  ("
                + canary.mode() + ", bins of " + canary.bins() + " s)", files.file(OutputFiles.HEATMAP_PNG));
        return true;
    }
}
