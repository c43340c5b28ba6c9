package io.incidentdetector.canary.heatmap;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The heatmap's numbers: one row per code, one column per bin (labelled by its start), as CSV. */
public final class HeatmapCsv {

    private HeatmapCsv() {}

    public static void write(HeatmapGrid grid, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("code");
            for (String bin : grid.bins()) {
                out.write(',');
                out.write(bin);
            }
            out.write('\n');
            for (int r = 0; r < grid.codes().size(); r++) {
                out.write(Integer.toString(grid.codes().get(r)));
                for (double v : grid.values()[r]) {
                    out.write(',');
                    out.write(v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v));
                }
                out.write('\n');
            }
        }
    }
}
