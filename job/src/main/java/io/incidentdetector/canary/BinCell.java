package io.incidentdetector.canary;

import java.time.Instant;

/**
 * One heatmap cell: an error code in one finished bin.
 *
 * @param value seed-compatible: count difference canary minus baseline; rate: standard score of the canary's
 *              count given its share of traffic (0 = as expected, +3 = three standard deviations more errors)
 */
public record BinCell(int code, String bin, Instant binStart, double value, long baselineCount, long canaryCount,
        String mode) {}
