package io.incidentdetector.config;

/** How pairs are grouped into incident groups without being listed; written as its key in YAML. */
public enum GroupingRule implements Choice {
    /** The groups of {@code latency.groups}; a pair named there is taken by no rule below. */
    EXPLICIT,
    /** The edges into a service form the group {@code dst:<service>}: the callers of a slow service. */
    DESTINATION,
    /** The edges out of a service form the group {@code src:<service>}: a service whose every call is slow. */
    SOURCE;

    @Override
    public String toString() {
        return key();
    }
}
