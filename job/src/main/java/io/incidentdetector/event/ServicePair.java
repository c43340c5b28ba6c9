package io.incidentdetector.event;

/** Service pairs are keyed by a plain string {@code source->destination}: cheap to hash, readable in output. */
public final class ServicePair {

    public static final String ARROW = "->";

    private ServicePair() {}

    public static String key(String source, String destination) {
        return source + ARROW + destination;
    }

    /** Parses {@code source->destination} or {@code source:destination}; null when it is neither. */
    public static String[] split(String pair) {
        int arrow = pair.indexOf(ARROW);
        if (arrow > 0 && arrow + 2 < pair.length()) {
            return new String[] {pair.substring(0, arrow), pair.substring(arrow + 2)};
        }
        int colon = pair.indexOf(':');
        if (colon > 0 && colon + 1 < pair.length() && pair.indexOf(':', colon + 1) < 0) {
            return new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
        }
        return null;
    }

    /** Normalises {@code a:b} or {@code a->b} to {@code a->b}; throws with a clear message otherwise. */
    public static String normalise(String pair) {
        String[] parts = pair == null ? null : split(pair.trim());
        if (parts == null) {
            throw new IllegalArgumentException(
                    "'" + pair + "' is not a service pair; write it as SOURCE->DESTINATION or SOURCE:DESTINATION");
        }
        return key(parts[0].trim(), parts[1].trim());
    }

    /** File-name friendly form, e.g. {@code frontend_cartservice}. */
    public static String fileStem(String pair) {
        String[] parts = split(pair);
        return parts[0] + "_" + parts[1];
    }
}
