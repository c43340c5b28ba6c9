package io.incidentdetector.canary.heatmap;

/** Where everything goes in the picture; shared by the renderer and its test. */
public record HeatmapLayout(int rows, int columns) {

    public static final int CELL = 16;
    public static final int LEFT = 60;
    public static final int TOP = 44;
    public static final int BOTTOM = 78;
    public static final int RIGHT = 110;

    public int width() {
        return LEFT + columns * CELL + RIGHT;
    }

    public int height() {
        return TOP + rows * CELL + BOTTOM;
    }

    /** Centre of the cell of row {@code r}, column {@code c}. */
    public int cellCenterX(int c) {
        return LEFT + c * CELL + CELL / 2;
    }

    public int cellCenterY(int r) {
        return TOP + r * CELL + CELL / 2;
    }
}
