package io.incidentdetector.window;

/**
 * Part of one pair's window, summed up where the events were read: the latencies one source subtask saw for
 * {@code pair} in the window starting at {@code start}. The keyed window merges the parts. Carries the time
 * {@code end - 1}, so it falls in its window.
 */
public record WindowPartial(String pair, long start, LatencySketch sketch) {}
