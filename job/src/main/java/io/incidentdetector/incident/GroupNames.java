package io.incidentdetector.incident;

/**
 * How groups made by a rule are named: {@code dst:<service>} holds the edges into a service, {@code src:<service>}
 * the edges out of it. Explicit group names cannot contain {@code :}.
 */
public final class GroupNames {

    public static final String DESTINATION_PREFIX = "dst:";
    public static final String SOURCE_PREFIX = "src:";

    private GroupNames() {}

    public static String ofDestination(String service) {
        return DESTINATION_PREFIX + service;
    }

    public static String ofSource(String service) {
        return SOURCE_PREFIX + service;
    }

    /** Which incident reports a heat first when several groups see it: explicit 0, callee groups 1, caller groups 2. */
    public static int rank(String group) {
        return group.startsWith(SOURCE_PREFIX) ? 2 : group.startsWith(DESTINATION_PREFIX) ? 1 : 0;
    }
}
