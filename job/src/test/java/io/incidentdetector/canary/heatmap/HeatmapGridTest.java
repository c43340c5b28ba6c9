package io.incidentdetector.canary.heatmap;

import io.incidentdetector.canary.BinCell;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeatmapGridTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static BinCell cell(int code, long bin, double value) {
        return new BinCell(code, "b" + bin, T.plusSeconds(30 * bin), value, 0, 0, "rate");
    }

    @Test
    void aShortRunHasAColumnPerBinAsTheCellsInMemoryGive() throws Exception {
        List<BinCell> cells = new ArrayList<>();
        for (int bin = 0; bin < 50; bin++) {
            for (int code : new int[] {7, 1, 3}) {
                cells.add(cell(code, bin, Math.sin(bin * code)));
            }
        }
        HeatmapGrid streamed = HeatmapGrid.summarised(cells::forEach, 30_000, HeatmapGrid.MAX_COLUMNS);
        HeatmapGrid inMemory = HeatmapGrid.of(cells);
        assertThat(streamed.codes()).containsExactly(1, 3, 7).isEqualTo(inMemory.codes());
        assertThat(streamed.bins()).isEqualTo(inMemory.bins());
        assertThat(streamed.values()).isDeepEqualTo(inMemory.values());
        assertThat(streamed.mode()).isEqualTo("rate");
    }

    @Test
    void aLongRunIsSummarisedIntoBoundedColumnsThatKeepTheWorstValue() throws Exception {
        int bins = 100 * 120; // 100 hours of 30-second bins
        int[] reads = {0};
        HeatmapGrid grid = HeatmapGrid.summarised(each -> {
            reads[0]++;
            for (long bin = 0; bin < bins; bin++) {
                each.accept(cell(4, bin, bin == 7_001 ? 8.5 : bin == 9_000 ? -6 : 0.5));
                each.accept(cell(9, bin, 0.1));
            }
        }, 30_000, HeatmapGrid.MAX_COLUMNS);
        assertThat(reads[0]).as("read twice, never held").isEqualTo(2);
        assertThat(grid.bins()).hasSizeLessThanOrEqualTo(HeatmapGrid.MAX_COLUMNS).hasSizeGreaterThan(600);
        int perColumn = (bins + HeatmapGrid.MAX_COLUMNS - 1) / HeatmapGrid.MAX_COLUMNS;
        assertThat(grid.bins().get(1)).as("a column is labelled by its first bin").isEqualTo("b" + perColumn);
        double[] code4 = grid.values()[0];
        assertThat(code4[7_001 / perColumn]).isEqualTo(8.5);
        assertThat(code4[9_000 / perColumn]).isEqualTo(-6);
        assertThat(code4[0]).isEqualTo(0.5);
        assertThat(grid.extent()).isEqualTo(8.5);
    }
}
