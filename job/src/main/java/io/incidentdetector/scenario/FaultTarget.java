package io.incidentdetector.scenario;

import io.incidentdetector.event.ServicePair;

/**
 * What a latency fault acts on, as a fault or a label writes it: {@code svc} (every call into the service),
 * {@code caller->callee} (one edge), {@code caller:svc} (every call the service makes: its CPU is starved, so its
 * calls out take longer as it measures them) or {@code pod:svc} (a network delay on the service's pod: its calls in
 * and its calls out).
 *
 * @param service the service, or a pair's caller
 * @param callee  a pair's callee; null for the other kinds
 */
public record FaultTarget(Kind kind, String service, String callee) {

    public static final String CALLER_PREFIX = "caller:";
    public static final String POD_PREFIX = "pod:";

    /** The kinds of latency fault, with the words {@code evaluate} prints for them. */
    public enum Kind {
        SERVICE("service"), PAIR("pair"), CALLER("caller CPU"), POD("pod network");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** Reads a target; a blank service name fails with the syntax that is valid. */
    public static FaultTarget parse(String text) {
        String t = text.strip();
        // the prefixes first: ServicePair also reads a:b as a pair
        if (t.startsWith(CALLER_PREFIX)) {
            return new FaultTarget(Kind.CALLER, named(t.substring(CALLER_PREFIX.length()), text), null);
        }
        if (t.startsWith(POD_PREFIX)) {
            return new FaultTarget(Kind.POD, named(t.substring(POD_PREFIX.length()), text), null);
        }
        String[] pair = ServicePair.split(t);
        if (pair != null) {
            return new FaultTarget(Kind.PAIR, pair[0].strip(), pair[1].strip());
        }
        return new FaultTarget(Kind.SERVICE, named(t, text), null);
    }

    private static String named(String service, String text) {
        if (service.isBlank()) {
            throw new IllegalArgumentException("fault target '" + text + "' names no service; write svc, caller->callee,"
                    + " caller:svc or pod:svc");
        }
        return service.strip();
    }

    /** The pair {@code caller->callee}; null for the other kinds. */
    public String pair() {
        return callee == null ? null : ServicePair.key(service, callee);
    }

    /** Whether the calls into {@link #service()} are delayed: a service fault or a pod's network. */
    public boolean slowsCallsIn() {
        return kind == Kind.SERVICE || kind == Kind.POD;
    }

    /** Whether every call {@link #service()} makes is delayed: a caller's CPU or a pod's network. */
    public boolean slowsCallsOut() {
        return kind == Kind.CALLER || kind == Kind.POD;
    }
}
