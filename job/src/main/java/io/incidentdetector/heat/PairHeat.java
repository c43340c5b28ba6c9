package io.incidentdetector.heat;

import io.incidentdetector.judge.WindowVerdict;

import java.time.Instant;

/**
 * A pair's accumulator after a window, with the verdict that moved it ({@code null} for a window in which the
 * pair had no traffic). Hot means above its own threshold.
 */
public record PairHeat(Instant time, String pair, double accumulator, double threshold, boolean hot, WindowVerdict verdict) {}
