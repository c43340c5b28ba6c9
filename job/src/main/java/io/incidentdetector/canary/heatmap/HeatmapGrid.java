package io.incidentdetector.canary.heatmap;

import io.incidentdetector.canary.BinCell;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Cells arranged as codes (rows, ascending) against bins (columns, in time order). A long run is summarised: at most
 * {@link #MAX_COLUMNS} columns, each standing for several consecutive bins and holding the value of the largest
 * magnitude among them, so that a regression stays visible however long the input (the cells file keeps every bin).
 */
public record HeatmapGrid(List<Integer> codes, List<String> bins, double[][] values, String mode) {

    /** Columns at most: twelve hours of one-minute bins, about 11,000 pixels wide. */
    public static final int MAX_COLUMNS = 720;

    /** Cells read one by one; {@link #summarised} reads them twice, so nothing is held but the grid. */
    @FunctionalInterface
    public interface Cells {
        void forEach(Consumer<BinCell> cell) throws IOException;
    }

    /** Every distinct bin a column (for cells already in memory). */
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
        Map<java.time.Instant, Integer> column = new HashMap<>();
        for (java.time.Instant start : bins.keySet()) {
            column.put(start, column.size());
        }
        double[][] values = new double[codeList.size()][bins.size()];
        Map<Integer, Integer> row = new HashMap<>();
        for (int i = 0; i < codeList.size(); i++) {
            row.put(codeList.get(i), i);
        }
        for (BinCell cell : cells) {
            values[row.get(cell.code())][column.get(cell.binStart())] = cell.value();
        }
        return new HeatmapGrid(codeList, new ArrayList<>(bins.values()), values, mode);
    }

    /**
     * Bins of {@code binMillis} laid out in time from the first to the last, at most {@code maxColumns} columns
     * (consecutive bins share a column when there are more); memory is the grid's, whatever the number of cells.
     */
    public static HeatmapGrid summarised(Cells cells, long binMillis, int maxColumns) throws IOException {
        TreeMap<Integer, Integer> codes = new TreeMap<>();
        long[] range = {Long.MAX_VALUE, Long.MIN_VALUE};
        String[] mode = {""};
        cells.forEach(cell -> {
            codes.put(cell.code(), 0);
            long at = cell.binStart().toEpochMilli();
            range[0] = Math.min(range[0], at);
            range[1] = Math.max(range[1], at);
            mode[0] = cell.mode();
        });
        if (codes.isEmpty()) {
            return new HeatmapGrid(List.of(), List.of(), new double[0][0], "");
        }
        long bins = (range[1] - range[0]) / binMillis + 1;
        long perColumn = (bins + maxColumns - 1) / maxColumns;
        int columns = (int) ((bins + perColumn - 1) / perColumn);
        int r = 0;
        for (Map.Entry<Integer, Integer> code : codes.entrySet()) {
            code.setValue(r++);
        }
        double[][] values = new double[codes.size()][columns];
        String[] labels = new String[columns];
        long[] labelAt = new long[columns];
        java.util.Arrays.fill(labelAt, Long.MAX_VALUE);
        cells.forEach(cell -> {
            long at = cell.binStart().toEpochMilli();
            int c = (int) ((at - range[0]) / binMillis / perColumn);
            if (at < labelAt[c]) {
                labelAt[c] = at;
                labels[c] = cell.bin();
            }
            double[] row = values[codes.get(cell.code())];
            if (Math.abs(cell.value()) > Math.abs(row[c]) || Double.isNaN(row[c])) {
                row[c] = cell.value();
            }
        });
        List<String> columnLabels = new ArrayList<>(columns);
        for (String label : labels) {
            columnLabels.add(label == null ? "" : label);
        }
        return new HeatmapGrid(new ArrayList<>(codes.keySet()), columnLabels, values, mode[0]);
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
