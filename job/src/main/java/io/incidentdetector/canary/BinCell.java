package io.incidentdetector.canary;

import java.time.Instant;

/**
 * One heatmap cell: an error code in one finished bin.
 *
 * @param value seed-compatible: count difference canary minus baseline; rate: log2 of the rate ratio (0 = equal,
 *              1 = canary twice as frequent, -1 = half)
 */
public record BinCell(int code, String bin, Instant binStart, double value, long baselineCount, long canaryCount,
        String mode) {}
