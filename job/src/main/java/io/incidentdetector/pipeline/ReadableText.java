package io.incidentdetector.pipeline;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;

import java.util.Locale;

/** One-line renderings for people watching a console. */
public final class ReadableText {

    private ReadableText() {}

    public static String incident(Incident i) {
        String suspect = i.suspect() == null ? "" : "  suspect " + i.suspect()
                + (i.related().isEmpty() ? "" : " (linked: " + String.join(", ", i.related()) + ")");
        return String.format(Locale.ROOT, "%s  %-8s %s  %-32s %s  temp=%.1f  %s%s",
                i.updatedAt(), i.status(), i.severity(), i.id(), subjects(i.subjects()), i.temperature(), i.summary(),
                suspect);
    }

    /** At most a few subjects, then a count: a group in a mesh can have hundreds. */
    static String subjects(java.util.List<String> subjects) {
        int shown = 4;
        return subjects.size() <= shown ? subjects.toString()
                : "[" + String.join(", ", subjects.subList(0, shown)) + ", and " + (subjects.size() - shown) + " more]";
    }

    /** An alert in the seed's words, with its lifecycle status. */
    public static String alert(io.incidentdetector.canary.alert.CanaryAlert a) {
        String detail = a.pValue() == null ? ""
                : String.format(Locale.ROOT, "  (canary %d vs baseline %d errors, p=%.2g)", a.canaryCount(),
                        a.baselineCount(), a.pValue());
        return String.format(Locale.ROOT, "%-7s code %3d  window %2d bins  %s .. %s  value %.3f %s threshold %.2f%s",
                a.status(), a.code(), a.window(), a.start(), a.stop(), a.value(),
                a.status() == io.incidentdetector.canary.alert.AlertStatus.CLEARED ? "<=" : ">", a.threshold(), detail);
    }

    /** The seed monitor's columns: Timestamp, Anomalies, MAE, MAPE (with the pair, as one table serves all). */
    public static String verdictRow(WindowVerdict v) {
        if (v.yhat() == null) {
            return String.format(Locale.ROOT, "%s  %-40s %9s %9s %9s   (learning, y=%.2f)", v.time(), v.pair(), "-",
                    "-", "-", v.y());
        }
        return String.format(Locale.ROOT, "%s  %-40s %9d %9.3f %9.4f", v.time(), v.pair(), v.anomalyCount(), v.mae(),
                v.mape() == null ? Double.NaN : v.mape());
    }

    public static String verdictHeader() {
        return String.format(Locale.ROOT, "%-20s  %-40s %9s %9s %9s", "Timestamp", "Pair", "Anomalies", "MAE", "MAPE");
    }

    /** {@code control> applied  set-threshold pair a->b (c-1 by alice): threshold of ... }. */
    static String control(io.incidentdetector.control.ControlAudit a) {
        return String.format("%-8s %s %s%s%s: %s", a.outcome(), a.command(), a.target() == null ? "" : a.target() + " ",
                "(" + a.id(), a.by() == null ? ")" : " by " + a.by() + ")", a.reason());
    }
}
