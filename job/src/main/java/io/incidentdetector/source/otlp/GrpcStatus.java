package io.incidentdetector.source.otlp;

/**
 * gRPC status codes as the HTTP status a gateway would answer (the mapping of grpc-gateway and Envoy), so calls
 * over both protocols share one status field.
 */
final class GrpcStatus {

    private static final int[] HTTP = {
        200, // 0 OK
        499, // 1 CANCELLED
        500, // 2 UNKNOWN
        400, // 3 INVALID_ARGUMENT
        504, // 4 DEADLINE_EXCEEDED
        404, // 5 NOT_FOUND
        409, // 6 ALREADY_EXISTS
        403, // 7 PERMISSION_DENIED
        429, // 8 RESOURCE_EXHAUSTED
        400, // 9 FAILED_PRECONDITION
        409, // 10 ABORTED
        400, // 11 OUT_OF_RANGE
        501, // 12 UNIMPLEMENTED
        500, // 13 INTERNAL
        503, // 14 UNAVAILABLE
        500, // 15 DATA_LOSS
        401, // 16 UNAUTHENTICATED
    };

    private GrpcStatus() {}

    static int toHttp(int grpcCode) {
        return grpcCode >= 0 && grpcCode < HTTP.length ? HTTP[grpcCode] : 500;
    }
}
