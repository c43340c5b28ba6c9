package io.incidentdetector.event;

/**
 * What a service name may be: not blank, at most {@value #MAX_LENGTH} characters (a Kubernetes name has at most
 * 253), printable (no control characters), and without the pair separator {@code ->}. Names end up in state keys,
 * metric labels, incident ids and file names, so anything else is refused at the input.
 */
public final class ServiceNames {

    public static final int MAX_LENGTH = 253;

    private ServiceNames() {}

    /** Why {@code name} is not a service name, or null when it is one. */
    public static String problem(String name) {
        if (name == null || name.isBlank()) {
            return "is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "is " + name.length() + " characters long; at most " + MAX_LENGTH + " are allowed";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.UNASSIGNED || Character.isSurrogate(c)) {
                return "contains the unprintable character U+" + String.format("%04X", (int) c) + " at " + i;
            }
        }
        if (name.contains(ServicePair.ARROW)) {
            return "contains '" + ServicePair.ARROW + "', which separates the two services of a pair";
        }
        if (!name.equals(name.strip())) {
            return "starts or ends with a space";
        }
        return null;
    }
}
