package io.incidentdetector.launcher.progress;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The progress line, e.g. {@code progress  event time 2026-11-30 14:05  1.2 M events  310 k events/s  48,000 windows
 * judged  2 open incidents}: what a run has reached, and its speed since the line before. The caller gives the time,
 * in nanoseconds of any one clock.
 */
final class ProgressLine {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private long lastEvents;
    private long lastNanos;

    /** @param startNanos when the run started: the first line's speed counts from there */
    ProgressLine(long startNanos) {
        this.lastNanos = startNanos;
    }

    /**
     * The line for {@code figures} seen at {@code nanos}, after {@code stage} (empty for none). Events fewer than at
     * the line before belong to a new run (evaluate's next one): they count from zero.
     */
    String next(String stage, Figures figures, long nanos) {
        long events = figures.events();
        long read = events < lastEvents ? events : events - lastEvents;
        double seconds = (nanos - lastNanos) / 1e9;
        lastEvents = events;
        lastNanos = nanos;
        return format(stage, figures, seconds > 0 ? read / seconds : 0);
    }

    static String format(String stage, Figures figures, double eventsPerSecond) {
        List<String> parts = new ArrayList<>();
        parts.add("progress");
        if (!stage.isEmpty()) {
            parts.add(stage);
        }
        figures.eventTime().ifPresent(t -> parts.add("event time " + MINUTE.format(t)));
        parts.add(compact(figures.events()) + " events");
        parts.add(compact(Math.round(eventsPerSecond)) + " events/s");
        figures.windowsJudged().ifPresent(n -> parts.add(String.format(Locale.ROOT, "%,d windows judged", n)));
        figures.openIncidents().ifPresent(n -> parts.add(n + (n == 1 ? " open incident" : " open incidents")));
        return String.join("  ", parts);
    }

    /** 950, 9.5 k, 310 k, 1.2 M, 48 M, 3.1 G: two or three figures, enough to see a run move. */
    static String compact(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        String[] units = {"k", "M", "G", "T"};
        double value = n;
        int unit = -1;
        while (value >= 999.5 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return (value < 9.95 ? String.format(Locale.ROOT, "%.1f", value) : Long.toString(Math.round(value)))
                + " " + units[unit];
    }
}
