package io.incidentdetector.window;

import java.time.Instant;

/**
 * What one event-time window saw for one service pair: its request count and the observed latency quantile
 * {@code y}. Replayed Prometheus samples arrive in the same shape (one sample per step).
 */
public record WindowStats(String pair, Instant start, Instant end, long count, double y) {}
