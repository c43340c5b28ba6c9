package io.incidentdetector.evaluate;

import io.incidentdetector.incident.IncidentKind;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The table {@code evaluate} prints: a row per suite and pipeline, what the promised faults scored (by kind of fault
 * when a suite has several), then the missed faults and false incidents (at most 10 of each per suite), or with
 * {@code list} every fault and false incident.
 */
public final class EvaluationReport {

    private final PrintStream out;

    public EvaluationReport(PrintStream out) {
        this.out = out;
    }

    /** Prints the suites, by name, in their order. */
    public void print(Map<String, Scorecard> suites, boolean list) {
        out.println();
        out.printf("%-24s %-8s %6s %6s %6s %9s %7s %8s %7s %-15s %-11s %9s%n", "suite", "pipeline", "hours",
                "faults", "recall", "promised", "precis.", "severity", "culprit", "detect p50/p95", "resolve p50",
                "false/24h");
        for (Map.Entry<String, Scorecard> suite : suites.entrySet()) {
            suite.getValue().tallies().forEach((kind, t) -> {
                if (t.hours == 0) {
                    return;
                }
                out.printf("%-24s %-8s %6.0f %6d %6s %9s %7s %8s %7s %-15s %-11s %9.2f%n", suite.getKey(),
                        kind == IncidentKind.LATENCY ? "latency" : "canary", t.hours, t.faults, pct(t.recall()),
                        pct(t.promisedRecall()), pct(t.precision()), pct(t.severityAccuracy()), pct(t.culpritRate()),
                        seconds(t.detectMillis, 0.5) + " / " + seconds(t.detectMillis, 0.95),
                        seconds(t.resolveMillis, 0.5), t.falsePerDay());
            });
        }
        out.println("  promised: recall of the faults the detector promises to catch (" + Promises.SUMMARY + ")");
        for (Map.Entry<String, Scorecard> suite : suites.entrySet()) {
            suite.getValue().tallies().forEach((kind, t) -> {
                if (t.promised > 0) {
                    out.printf("  %s: %d promised faults, %d caught%s%s%n", suite.getKey(), t.promised,
                            t.promisedCaught, kind == IncidentKind.LATENCY ? ", " + t.promisedCulprit
                                    + " with the culprit named" : "",
                            t.promisedWithSeverity == 0 ? "" : ", " + t.promisedSeverityRight + " of "
                                    + t.promisedWithSeverity + " at the expected severity");
                    if (t.promisedByKind.size() > 1) {
                        t.promisedByKind.forEach((fault, n) -> out.printf("    %s: %d promised, %d caught, %d with the"
                                + " culprit named%n", fault, n.promised, n.caught, n.culprit));
                    }
                }
            });
        }
        for (Map.Entry<String, Scorecard> suite : suites.entrySet()) {
            suite.getValue().tallies().forEach((kind, t) -> {
                if (list) {
                    t.faultLines.forEach(line -> out.println("  " + line));
                    t.falseIncidents.forEach(f -> out.println("  false   " + f));
                    return;
                }
                t.missed.stream().limit(10).forEach(m -> out.println("  missed (" + suite.getKey() + "): " + m));
                t.falseIncidents.stream().limit(10).forEach(f -> out.println("  false (" + suite.getKey()
                        + "): " + f));
            });
        }
    }

    private static String pct(double share) {
        return Double.isNaN(share) ? "-" : String.format("%.0f%%", 100 * share);
    }

    /** The {@code q} percentile of {@code millis} in whole seconds, like {@code 80s}; {@code -} when there is none. */
    static String seconds(List<Long> millis, double q) {
        return millis.isEmpty() ? "-" : Percentile.of(millis, q) / 1000 + "s";
    }
}
