package io.incidentdetector.event;

/**
 * One error reported by a client application.
 *
 * @param timestamp event time, epoch milliseconds
 * @param build     build version of the client, e.g. {@code 5.0007.610.011}
 * @param code      error code (small signed integer)
 * @param client    client or device id; null when not reported
 */
public record ClientErrorEvent(long timestamp, String build, int code, String client) {}
