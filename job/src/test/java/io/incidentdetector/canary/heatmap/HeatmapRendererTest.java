package io.incidentdetector.canary.heatmap;

import io.incidentdetector.canary.BinCell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeatmapRendererTest {

    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static BinCell cell(int code, int bin, double value) {
        return new BinCell(code, "0:0" + bin + ":00", T.plusSeconds(60L * bin), value, 0, 0, "seed-compatible");
    }

    @Test
    void writesAPngOfTheLayoutsSizeWithCellsColouredBySign(@TempDir Path dir) throws Exception {
        // codes -2 and 5 (rows), bins 0..2 (columns)
        HeatmapGrid grid = HeatmapGrid.of(List.of(cell(5, 2, 4), cell(-2, 0, -3), cell(5, 0, 0), cell(-2, 1, 6),
                cell(5, 1, -6), cell(-2, 2, 0)));
        assertThat(grid.codes()).containsExactly(-2, 5);
        assertThat(grid.bins()).containsExactly("0:00:00", "0:01:00", "0:02:00");

        Path png = dir.resolve("heatmap.png");
        HeatmapRenderer.write(grid, "test", png);
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        BufferedImage image = ImageIO.read(png.toFile());
        HeatmapLayout layout = new HeatmapLayout(2, 3);
        assertThat(image.getWidth()).isEqualTo(layout.width()).isEqualTo(60 + 3 * 16 + 110);
        assertThat(image.getHeight()).isEqualTo(layout.height()).isEqualTo(44 + 2 * 16 + 78);

        Color worse = new Color(image.getRGB(layout.cellCenterX(1), layout.cellCenterY(0)));   // -2, bin 1: +6
        Color better = new Color(image.getRGB(layout.cellCenterX(1), layout.cellCenterY(1)));  // 5, bin 1: -6
        Color even = new Color(image.getRGB(layout.cellCenterX(0), layout.cellCenterY(1)));    // 5, bin 0: 0
        assertThat(worse.getRed()).isGreaterThan(worse.getGreen() + 100);
        assertThat(better.getGreen()).isGreaterThan(better.getRed() + 100);
        assertThat(even).isEqualTo(HeatmapRenderer.NEUTRAL);
        assertThat(worse).isEqualTo(HeatmapRenderer.WORSE);  // +6 is the extent: fully saturated
    }

    @Test
    void theCsvHasARowPerCodeAndAColumnPerBin(@TempDir Path dir) throws Exception {
        HeatmapGrid grid = HeatmapGrid.of(List.of(cell(5, 0, 1), cell(-2, 0, -3), cell(5, 1, 0.5), cell(-2, 1, 2)));
        Path csv = dir.resolve("heatmap.csv");
        HeatmapCsv.write(grid, csv);
        assertThat(Files.readAllLines(csv)).containsExactly("code,0:00:00,0:01:00", "-2,-3,2", "5,1,0.5000");
    }
}
