package io.incidentdetector.launcher;

import io.incidentdetector.canary.BinCell;
import io.incidentdetector.canary.heatmap.HeatmapCsv;
import io.incidentdetector.canary.heatmap.HeatmapGrid;
import io.incidentdetector.canary.heatmap.HeatmapRenderer;
import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.sink.OutputFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** After a canary replay: the cells the job emitted become {@code heatmap.csv} and {@code heatmap.png}. */
final class HeatmapFiles {

    private HeatmapFiles() {}

    static boolean write(OutputFiles files, CanaryConfig canary) throws IOException {
        Path cellsFile = files.file(OutputFiles.HEATMAP_CELLS);
        if (!Files.exists(cellsFile)) {
            return false;
        }
        List<BinCell> cells = new ArrayList<>();
        for (String line : Files.readAllLines(cellsFile)) {
            cells.add(JsonCodec.mapper().readValue(line, BinCell.class));
        }
        if (cells.isEmpty()) {
            return false;
        }
        HeatmapGrid grid = HeatmapGrid.of(cells);
        HeatmapCsv.write(grid, files.file(OutputFiles.HEATMAP_CSV));
        HeatmapRenderer.write(grid, "canary " + canary.canaryBuild() + " vs baseline " + canary.baselineBuild() + "  ("
                + canary.mode() + ", bins of " + canary.bins() + " s)", files.file(OutputFiles.HEATMAP_PNG));
        return true;
    }
}
