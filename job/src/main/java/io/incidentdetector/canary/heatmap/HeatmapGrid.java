package io.incidentdetector.canary.heatmap;

import io.incidentdetector.canary.BinCell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Cells arranged as codes (rows, ascending) against bins (columns, in time order). */
public record HeatmapGrid(List<Integer> codes, List<String> bins, double[][] values, String mode) {

    public static HeatmapGrid of(Collection<BinCell> cells) {
        TreeMap<Integer, Boolean> codes = new TreeMap<>();
        TreeMap<java.time.Instant, String> bins = new TreeMap<>();
        String mode = "";
        for (BinCell cell : cells) {
            codes.put(cell.code(), Boolean.TRUE);
            bins.put(cell.binStart(), cell.bin());
            mode = cell.mode();
        }
        List<Integer> codeList = new ArrayList<>(codes.keySet());
        List<java.time.Instant> starts = new ArrayList<>(bins.keySet());
        double[][] values = new double[codeList.size()][starts.size()];
        Map<Integer, Integer> row = new TreeMap<>();
        for (int i = 0; i < codeList.size(); i++) {
            row.put(codeList.get(i), i);
        }
        for (BinCell cell : cells) {
            values[row.get(cell.code())][starts.indexOf(cell.binStart())] = cell.value();
        }
        return new HeatmapGrid(codeList, new ArrayList<>(bins.values()), values, mode);
    }

    /** The largest absolute value, the scale of the colours (at least a small positive number). */
    public double extent() {
        double max = 1e-9;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, Math.abs(v));
                }
            }
        }
        return max;
    }
}
