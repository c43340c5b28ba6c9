package io.incidentdetector.canary.heatmap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws the heatmap with the JDK's own Java2D: codes as rows, bins as columns, a diverging scale from green
 * (canary better) through pale yellow (no difference) to red (canary worse), symmetric around 0, with axis labels
 * and a legend. A grid of coloured squares needs no charting library; Java2D ships with every JDK and renders
 * headless. Where the machine has no fonts at all, the picture is drawn without text rather than not at all.
 */
public final class HeatmapRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(HeatmapRenderer.class);

    static final Color BETTER = new Color(26, 152, 80);
    static final Color NEUTRAL = new Color(255, 255, 191);
    static final Color WORSE = new Color(215, 48, 39);

    private HeatmapRenderer() {}

    public static void write(HeatmapGrid grid, String title, Path file) throws IOException {
        ImageIO.write(render(grid, title), "png", file.toFile());
    }

    public static BufferedImage render(HeatmapGrid grid, String title) {
        HeatmapLayout layout = new HeatmapLayout(grid.codes().size(), grid.bins().size());
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, layout.width(), layout.height());
        double extent = grid.extent();
        for (int r = 0; r < grid.codes().size(); r++) {
            for (int c = 0; c < grid.bins().size(); c++) {
                g.setColor(colour(grid.values()[r][c], extent));
                g.fillRect(HeatmapLayout.LEFT + c * HeatmapLayout.CELL, HeatmapLayout.TOP + r * HeatmapLayout.CELL,
                        HeatmapLayout.CELL, HeatmapLayout.CELL);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(HeatmapLayout.LEFT, HeatmapLayout.TOP, grid.bins().size() * HeatmapLayout.CELL,
                grid.codes().size() * HeatmapLayout.CELL);
        drawLegend(g, layout, extent);
        try {
            drawText(g, grid, layout, title, extent);
        } catch (Throwable e) {
            LOG.warn("heatmap drawn without labels: no usable font ({})", e.toString());
        }
        g.dispose();
        return image;
    }

    /** ISO-8601 bin labels are shown as the time of day (the date goes in the axis title), to fit the margin. */
    static String shortLabel(String label) {
        int t = label.indexOf('T');
        return t < 0 ? label : label.substring(t + 1).replace("Z", "");
    }

    /** Green below 0, pale yellow at 0, red above, saturated at the extent. */
    public static Color colour(double value, double extent) {
        if (!Double.isFinite(value)) {
            return NEUTRAL;
        }
        double t = Math.max(-1, Math.min(1, value / extent));
        return t < 0 ? mix(NEUTRAL, BETTER, -t) : mix(NEUTRAL, WORSE, t);
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static void drawLegend(Graphics2D g, HeatmapLayout layout, double extent) {
        int x = layout.width() - HeatmapLayout.RIGHT + 24;
        int height = Math.max(60, layout.height() - HeatmapLayout.TOP - HeatmapLayout.BOTTOM);
        for (int i = 0; i < height; i++) {
            double v = extent * (1 - 2.0 * i / (height - 1));
            g.setColor(colour(v, extent));
            g.fillRect(x, HeatmapLayout.TOP + i, 14, 1);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x, HeatmapLayout.TOP, 14, height);
    }

    private static void drawText(Graphics2D g, HeatmapGrid grid, HeatmapLayout layout, String title, double extent) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, HeatmapLayout.LEFT, 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(grid.mode().equals("rate") ? "canary errors above expectation, in standard deviations (z)"
                : "errors per bin, canary minus baseline", HeatmapLayout.LEFT, 34);
        for (int r = 0; r < grid.codes().size(); r++) {
            String label = Integer.toString(grid.codes().get(r));
            int w = g.getFontMetrics().stringWidth(label);
            g.drawString(label, HeatmapLayout.LEFT - 6 - w, layout.cellCenterY(r) + 4);
        }
        g.drawString("code", 8, HeatmapLayout.TOP - 4);
        int every = Math.max(1, (int) Math.ceil(grid.bins().size() / 40.0));
        AffineTransform plain = g.getTransform();
        for (int c = 0; c < grid.bins().size(); c += every) {
            int x = layout.cellCenterX(c) + 4;
            int y = HeatmapLayout.TOP + grid.codes().size() * HeatmapLayout.CELL + 6;
            g.rotate(-Math.PI / 2, x, y);
            String label = shortLabel(grid.bins().get(c));
            g.drawString(label, x - g.getFontMetrics().stringWidth(label), y);
            g.setTransform(plain);
        }
        String axis = grid.bins().isEmpty() || !grid.bins().get(0).contains("T") ? "bin start"
                : "bin start (UTC, " + grid.bins().get(0).substring(0, grid.bins().get(0).indexOf('T')) + ")";
        g.drawString(axis, HeatmapLayout.LEFT + grid.bins().size() * HeatmapLayout.CELL
                - g.getFontMetrics().stringWidth(axis), layout.height() - 6);
        int legendX = layout.width() - HeatmapLayout.RIGHT + 42;
        int legendBottom = HeatmapLayout.TOP + Math.max(60, layout.height() - HeatmapLayout.TOP - HeatmapLayout.BOTTOM);
        g.drawString(String.format(Locale.ROOT, "+%.3g worse", extent), legendX, HeatmapLayout.TOP + 8);
        g.drawString("0", legendX, (HeatmapLayout.TOP + legendBottom) / 2 + 4);
        g.drawString(String.format(Locale.ROOT, "-%.3g better", extent), legendX, legendBottom);
    }
}
