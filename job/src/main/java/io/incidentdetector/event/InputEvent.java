package io.incidentdetector.event;

/**
 * One event read from a Kafka topic that may carry both kinds: exactly one of {@code call} and {@code error} is set.
 * The JSON field {@code type} ({@value #SERVICE_CALL} or {@value #CLIENT_ERROR}) tells them apart.
 */
public record InputEvent(ServiceCallEvent call, ClientErrorEvent error) {

    public static final String SERVICE_CALL = "service-call";
    public static final String CLIENT_ERROR = "client-error";

    public static InputEvent of(ServiceCallEvent call) {
        return new InputEvent(call, null);
    }

    public static InputEvent of(ClientErrorEvent error) {
        return new InputEvent(null, error);
    }

    public long timestamp() {
        return call != null ? call.timestamp() : error.timestamp();
    }
}
