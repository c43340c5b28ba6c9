package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.incident.SuspectKind;

import java.time.Instant;
import java.util.List;

/** The demo's latency episode, record by record, as the sink tests feed it. */
final class Incidents {

    static final Instant OPENED = Instant.parse("2026-01-01T00:12:00Z");
    static final Instant ESCALATED = Instant.parse("2026-01-01T00:17:20Z");
    static final Instant RESOLVED = Instant.parse("2026-01-01T00:27:00Z");
    static final String ID = "latency-checkout-path-1767226320";
    static final Evidence CART = Evidence.ofPair("frontend->cartservice", 207.98, 9.35, 8.22, 10.49, 198.63, 0.96,
            20.0, 6.0);
    static final Evidence PAYMENT = Evidence.ofPair("checkoutservice->paymentservice", 203.87, 4.71, 4.1, 5.32,
            199.15, 0.98, 8.0, 6.0);

    private Incidents() {}

    static Incident open() {
        return open(ID, OPENED);
    }

    /** An episode of checkout-path opened at {@code openedAt}, SEV2, suspect cartservice. */
    static Incident open(String id, Instant openedAt) {
        return new Incident(id, IncidentStatus.OPEN, Severity.SEV2, IncidentKind.LATENCY, "checkout-path",
                List.of("frontend->cartservice"), openedAt, openedAt, null, 12.0,
                "SEV2 on checkout-path: frontend->cartservice hot since 2026-01-01T00:11:50Z", List.of(CART),
                "cartservice", SuspectKind.CALLEE, "cartservice is the callee of every hot pair", List.of(), null, null);
    }

    static Incident escalated() {
        return escalated(ID, OPENED, ESCALATED);
    }

    static Incident escalated(String id, Instant openedAt, Instant at) {
        return new Incident(id, IncidentStatus.UPDATED, Severity.SEV1, IncidentKind.LATENCY, "checkout-path",
                List.of("checkoutservice->paymentservice", "frontend->cartservice"), openedAt, at, null, 28.0,
                "escalated SEV2 -> SEV1: checkoutservice->paymentservice also hot", List.of(PAYMENT, CART),
                "cartservice", SuspectKind.CALLEE, "cartservice is the callee of every hot pair", List.of(), null, null);
    }

    static Incident resolved() {
        return resolved(ID, OPENED, RESOLVED);
    }

    static Incident resolved(String id, Instant openedAt, Instant at) {
        return new Incident(id, IncidentStatus.RESOLVED, Severity.SEV1, IncidentKind.LATENCY, "checkout-path",
                List.of("checkoutservice->paymentservice", "frontend->cartservice"), openedAt, at, at, 0.0,
                "resolved: cooled down since 2026-01-01T00:26:40Z", List.of(PAYMENT, CART),
                "cartservice", SuspectKind.CALLEE, "cartservice is the callee of every hot pair", List.of(), null, null);
    }

    static Incident errorRate() {
        return new Incident("error-rate-canary-5.0007.610.011-1767227550", IncidentStatus.OPEN, Severity.SEV2,
                IncidentKind.ERROR_RATE, "canary-5.0007.610.011",
                List.of("baseline 5.0007.510.011", "canary 5.0007.610.011", "code 4"),
                Instant.parse("2026-01-01T00:32:30Z"), Instant.parse("2026-01-01T00:32:30Z"), null, 2.4,
                "SEV2 on canary-5.0007.610.011: code 4 hot", List.of(Evidence.ofErrorCode("code 4", 2.152, 1.25, 105,
                        245, 2.8e-8)));
    }
}
