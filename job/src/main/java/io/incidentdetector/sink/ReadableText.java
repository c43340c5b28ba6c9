package io.incidentdetector.sink;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;

import java.util.Locale;

/** One-line renderings for people watching a console. */
public final class ReadableText {

    private ReadableText() {}

    public static String incident(Incident i) {
        return String.format(Locale.ROOT, "%s  %-8s %s  %-32s %s  temp=%.1f  %s",
                i.updatedAt(), i.status(), i.severity(), i.id(), i.subjects(), i.temperature(), i.summary());
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
}
