package io.incidentdetector.event;

/**
 * Service pairs are keyed by a plain string {@code source->destination}: cheap to hash, readable in output. A pair
 * split by operation ({@code otlp.split-by}) is keyed {@code source->destination->operation}, e.g.
 * {@code checkoutservice->cartservice->GetCart}: a service name never contains {@code ->}, so the second arrow always
 * starts the operation, and the operation may contain arrows itself. Its {@link #edge} is the plain pair.
 */
public final class ServicePair {

    public static final String ARROW = "->";

    private ServicePair() {}

    public static String key(String source, String destination) {
        return source + ARROW + destination;
    }

    /** {@code destination->operation}: the destination of a call counted under one operation; null keeps it plain. */
    public static String withOperation(String destination, String operation) {
        return operation == null ? destination : destination + ARROW + operation;
    }

    /** The plain pair {@code source->destination} of a pair key; the key itself when it names no operation. */
    public static String edge(String pair) {
        int operation = operationStart(pair);
        return operation < 0 ? pair : pair.substring(0, operation - ARROW.length());
    }

    /** The operation a pair key names, or null for a plain pair. */
    public static String operation(String pair) {
        int operation = operationStart(pair);
        return operation < 0 ? null : pair.substring(operation);
    }

    /** Where the operation of {@code source->destination->operation} starts; -1 when there is none. */
    private static int operationStart(String pair) {
        int first = pair.indexOf(ARROW);
        if (first <= 0) {
            return -1;
        }
        int second = pair.indexOf(ARROW, first + ARROW.length());
        return second > first + ARROW.length() && second + ARROW.length() < pair.length() ? second + ARROW.length()
                : -1;
    }

    /**
     * Parses {@code source->destination} or {@code source:destination} into the two services (the operation of
     * {@code source->destination->operation} left out); null when it is neither.
     */
    public static String[] split(String pair) {
        int arrow = pair.indexOf(ARROW);
        if (arrow > 0 && arrow + 2 < pair.length()) {
            int operation = operationStart(pair);
            return new String[] {pair.substring(0, arrow),
                    pair.substring(arrow + 2, operation < 0 ? pair.length() : operation - ARROW.length())};
        }
        int colon = pair.indexOf(':');
        if (colon > 0 && colon + 1 < pair.length() && pair.indexOf(':', colon + 1) < 0) {
            return new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        }
        return null;
    }

    /**
     * Normalises {@code a:b} or {@code a->b} to {@code a->b} (an operation kept); throws with a clear message
     * otherwise.
     */
    public static String normalise(String pair) {
        String[] parts = pair == null ? null : split(pair.trim());
        if (parts == null) {
            throw new IllegalArgumentException(
                    "'" + pair + "' is not a service pair; write it as SOURCE->DESTINATION or SOURCE:DESTINATION");
        }
        String operation = operation(pair.trim());
        return withOperation(key(parts[0].trim(), parts[1].trim()), operation == null ? null : operation.trim());
    }

    /** File-name friendly form, e.g. {@code frontend_cartservice}. */
    public static String fileStem(String pair) {
        String[] parts = split(pair);
        return parts[0] + "_" + parts[1];
    }
}
