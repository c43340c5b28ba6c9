package io.incidentdetector.evaluate;

import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.scenario.FaultTarget;

import java.time.Instant;
import java.util.List;

/**
 * One labelled fault: what was affected and when, and which suspects name its culprit.
 *
 * @param target   a service ({@code cartservice}), a pair ({@code frontend->cartservice}), a caller's CPU
 *                 ({@code caller:frontend}), a pod's network ({@code pod:cartservice}) ({@link FaultTarget}) or, for
 *                 the canary, an error code ({@code code:4})
 * @param expected the severity the fault should raise; null when the label does not say
 * @param size     the delay (ms) or error-rate factor injected, when known (generated faults); NaN otherwise
 * @param promised a fault the detector promises to catch ({@link Promises}); false when not known
 * @param culprits the incident suspects that name the right culprit (a service or a pair); empty for the canary
 */
public record FaultLabel(String target, Instant start, Instant end, Severity expected, IncidentKind kind,
        double size, boolean promised, List<String> culprits) {

    public FaultLabel {
        culprits = List.copyOf(culprits);
    }

    /** A label as a user's file gives it: a pair's culprit is the pair or its callee. */
    public FaultLabel(String target, Instant start, Instant end, Severity expected, IncidentKind kind) {
        this(target, start, end, expected, kind, Double.NaN, false);
    }

    public FaultLabel(String target, Instant start, Instant end, Severity expected, IncidentKind kind, double size,
            boolean promised) {
        this(target, start, end, expected, kind, size, promised, kind == IncidentKind.LATENCY
                ? culpritsOf(FaultTarget.parse(target), true) : List.of());
    }

    /** A generated latency fault, promised as {@link Promises#delayIsPromised} says; a pair's culprit as a file's. */
    public static FaultLabel delay(String target, Instant start, Instant end, Severity expected, double delayMs) {
        return new FaultLabel(target, start, end, expected, IncidentKind.LATENCY, delayMs,
                Promises.delayIsPromised(delayMs, start, end));
    }

    /** A generated latency fault with the suspects that name its culprit. */
    public static FaultLabel delay(String target, Instant start, Instant end, Severity expected, double delayMs,
            List<String> culprits) {
        return new FaultLabel(target, start, end, expected, IncidentKind.LATENCY, delayMs,
                Promises.delayIsPromised(delayMs, start, end), culprits);
    }

    /**
     * The suspects that name a fault's culprit: the service of a service, caller or pod fault; for a pair the pair,
     * and its callee when {@code calleeToo} (nothing tells the two apart: the callee has no other caller, or the
     * topology is not known).
     */
    public static List<String> culpritsOf(FaultTarget target, boolean calleeToo) {
        if (target.kind() != FaultTarget.Kind.PAIR) {
            return List.of(target.service());
        }
        return calleeToo ? List.of(target.pair(), target.callee()) : List.of(target.pair());
    }

    /** What the latency target says; null for a canary code. */
    public FaultTarget latencyTarget() {
        return kind == IncidentKind.LATENCY ? FaultTarget.parse(target) : null;
    }

    /** The kind of fault in words, as the lines under the table print it ({@code canary} for an error code). */
    public String faultKind() {
        return kind == IncidentKind.LATENCY ? latencyTarget().kind().words() : "canary";
    }

    public boolean isPair() {
        return kind == IncidentKind.LATENCY && latencyTarget().kind() == FaultTarget.Kind.PAIR;
    }

    /** The service whose calls in are slowed (a pair's callee); null for a caller fault and a canary code. */
    public String slowCallee() {
        FaultTarget t = latencyTarget();
        if (t == null || t.kind() == FaultTarget.Kind.CALLER) {
            return null;
        }
        return t.kind() == FaultTarget.Kind.PAIR ? t.callee() : t.service();
    }

    /** The service whose calls out are slowed (caller CPU, pod network); null otherwise. */
    public String slowCaller() {
        FaultTarget t = latencyTarget();
        return t != null && t.slowsCallsOut() ? t.service() : null;
    }
}
