package io.incidentdetector.event;

/**
 * One service-to-service request, as a mesh (Istio) or a load generator reports it.
 *
 * @param timestamp event time, epoch milliseconds
 * @param latencyMs request latency in milliseconds, finite and not negative
 * @param status    response status code (0 when unknown)
 */
public record ServiceCallEvent(long timestamp, String source, String destination, double latencyMs, int status) {

    /** The keyed-state key of the pair this call belongs to, e.g. {@code frontend->cartservice}. */
    public String pair() {
        return ServicePair.key(source, destination);
    }
}
