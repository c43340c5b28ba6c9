package io.incidentdetector.evaluate;

import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.Severity;

import java.time.Instant;

/**
 * One labelled fault: what was affected and when.
 *
 * @param target   a service ({@code cartservice}), a pair ({@code frontend->cartservice}) or, for the canary, an error
 *                 code ({@code code:4})
 * @param expected the severity the fault should raise; null when the label does not say
 * @param size     the delay (ms) or error-rate factor injected, when known (generated faults); NaN otherwise
 * @param promised a fault the detector promises to catch ({@link Promises}); false when not known
 */
public record FaultLabel(String target, Instant start, Instant end, Severity expected, IncidentKind kind,
        double size, boolean promised) {

    public FaultLabel(String target, Instant start, Instant end, Severity expected, IncidentKind kind) {
        this(target, start, end, expected, kind, Double.NaN, false);
    }

    /** A generated latency fault, promised as {@link Promises#delayIsPromised} says. */
    public static FaultLabel delay(String target, Instant start, Instant end, Severity expected, double delayMs) {
        return new FaultLabel(target, start, end, expected, IncidentKind.LATENCY, delayMs,
                Promises.delayIsPromised(delayMs, start, end));
    }

    public boolean isPair() {
        return target.contains("->");
    }

    /** The service a right culprit names: the service itself, or a pair's callee. */
    public String culprit() {
        return isPair() ? target.substring(target.indexOf("->") + 2) : target;
    }
}
