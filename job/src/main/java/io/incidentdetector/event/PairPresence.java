package io.incidentdetector.event;

/**
 * A pair came into the mesh (first window seen) or left it (silent for the pair TTL): the edges of the call graph.
 *
 * @param time event time of the change, epoch milliseconds
 */
public record PairPresence(String pair, long time, boolean present) {}
