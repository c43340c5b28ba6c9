package io.incidentdetector.picture;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One incident's page: a self-contained HTML document (inline SVG, inline style, no script, nothing fetched) with
 * its facts, its suspect and the reason, its charts and the records of its lifecycle.
 */
public final class IncidentPage {

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px;color:#212529;\
            background:#f8f9fa}
            h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
            .id{color:#495057;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
            .sev{display:inline-block;padding:1px 8px;border-radius:4px;color:#fff;background:#e8590c;font-size:13px}
            .sev.SEV1{background:#c92a2a}
            table{border-collapse:collapse;background:#fff;font-size:13px}
            td,th{border:1px solid #dee2e6;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#f1f3f5}
            .lifecycle td:first-child{white-space:nowrap}
            .facts th{width:140px}
            .chart{display:block;margin:8px 0;background:#fff;border:1px solid #dee2e6}
            .note{color:#495057;font-size:13px}
            """;

    private IncidentPage() {}

    /** The page; {@code charts} are SVG documents, {@code notes} lines under them (pairs not drawn, data missing). */
    public static String html(IncidentStory story, List<String> charts, List<String> notes, String source) {
        Incident last = story.latest();
        StringBuilder h = new StringBuilder(16_384 + charts.stream().mapToInt(String::length).sum());
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(story.highestSeverity() + " " + last.group() + " - " + story.id()))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1><span class=\"sev ").append(Html.escape(String.valueOf(story.highestSeverity()))).append("\">")
                .append(Html.escape(String.valueOf(story.highestSeverity()))).append("</span> ")
                .append(Html.escape(kindName(story))).append(" incident on ").append(Html.escape(last.group()))
                .append("</h1>\n<div class=\"id\">").append(Html.escape(story.id())).append("</div>\n");
        facts(h, story);
        h.append("<h2>").append(story.kind() == IncidentKind.ERROR_RATE
                ? "Error rates of the two builds" : "Latency of the hot pairs").append("</h2>\n");
        h.append("<p class=\"note\">From up to an hour before the incident opened to a few minutes after it ")
                .append(story.resolved() ? "resolved" : "was last updated")
                .append(", in UTC: its span is shaded, dotted lines mark when it opened, escalated and resolved.</p>\n");
        charts.forEach(h::append);
        notes.forEach(n -> h.append("<p class=\"note\">").append(Html.escape(n)).append("</p>\n"));
        lifecycle(h, story);
        h.append("<p class=\"note\">Written by incident-detector from ").append(Html.escape(source)).append(".</p>\n")
                .append("</body>\n</html>\n");
        return h.toString();
    }

    private static String kindName(IncidentStory story) {
        return story.kind() == null ? "" : story.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void facts(StringBuilder h, IncidentStory story) {
        Incident last = story.latest();
        h.append("<h2>Facts</h2>\n<table class=\"facts\">\n");
        row(h, "status", story.resolved() ? "resolved" : "open (" + last.status() + ")");
        row(h, "opened", String.valueOf(story.openedAt()));
        row(h, story.resolved() ? "resolved" : "last updated", story.end() + "  (after "
                + duration(Duration.between(story.openedAt(), story.end())) + ")");
        row(h, "severity", story.highestSeverity() + (story.highestSeverity() != last.severity()
                ? " (latest " + last.severity() + ")" : ""));
        row(h, "subjects", String.join(", ", story.subjects()));
        if (story.kind() != IncidentKind.ERROR_RATE || last.suspect() != null) {
            row(h, "suspect", last.suspect() == null ? "none named" : last.suspect()
                    + (last.suspectKind() == null ? "" : " (" + last.suspectKind().key() + ")"));
            row(h, "suspect reason", last.suspectReason() == null ? "-" : last.suspectReason());
        }
        if (!last.related().isEmpty()) {
            row(h, "related", String.join(", ", last.related()));
        }
        if (last.silence() != null) {
            row(h, "silence", last.silence());
        }
        if (last.acknowledged() != null) {
            row(h, "acknowledged", last.acknowledged());
        }
        row(h, "summary", last.summary());
        h.append("</table>\n");
    }

    private static void lifecycle(StringBuilder h, IncidentStory story) {
        h.append("<h2>Lifecycle</h2>\n<table class=\"lifecycle\">\n<tr><th>time</th><th>status</th><th>severity</th>"
                + "<th>temperature</th><th>subjects</th><th>suspect</th><th>summary</th></tr>\n");
        List<Incident> records = story.records();
        for (int i = 0; i < records.size(); i++) {
            if (story.recordsNotKept() > 0 && i == IncidentStory.MAX_RECORDS / 2) {
                h.append("<tr><td colspan=\"7\">... ").append(story.recordsNotKept())
                        .append(" more records ...</td></tr>\n");
            }
            Incident r = records.get(i);
            h.append("<tr class=\"record\">");
            cell(h, String.valueOf(r.updatedAt()));
            cell(h, String.valueOf(r.status()));
            cell(h, String.valueOf(r.severity()));
            cell(h, String.format(Locale.ROOT, "%.1f", r.temperature()));
            cell(h, String.join(", ", r.subjects()));
            cell(h, r.suspect() == null ? "" : r.suspect());
            cell(h, r.summary());
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(Html.escape(name)).append("</th><td>").append(Html.escape(value))
                .append("</td></tr>\n");
    }

    private static void cell(StringBuilder h, String value) {
        h.append("<td>").append(Html.escape(value)).append("</td>");
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }

    /** The list of every page, newest first, for the folder's {@code index.html}. */
    public static String index(List<IncidentStory> stories, String source) {
        StringBuilder h = new StringBuilder(4_096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Incidents</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<h1>Incidents</h1>\n")
                .append("<table>\n<tr><th>opened</th><th>severity</th><th>kind</th><th>group</th><th>status</th>"
                        + "<th>suspect</th><th>incident</th></tr>\n");
        for (IncidentStory s : stories) {
            h.append("<tr>");
            cell(h, String.valueOf(s.openedAt()));
            cell(h, String.valueOf(s.highestSeverity()));
            cell(h, kindName(s));
            cell(h, s.latest().group());
            cell(h, s.resolved() ? "resolved after " + duration(Duration.between(s.openedAt(), s.end())) : "open");
            cell(h, s.latest().suspect() == null ? "" : s.latest().suspect());
            h.append("<td><a href=\"").append(Html.escape(PageName.of(s.id()))).append("\">")
                    .append(Html.escape(s.id())).append("</a></td></tr>\n");
        }
        h.append("</table>\n<p class=\"note\">Written by incident-detector from ").append(Html.escape(source))
                .append(".</p>\n</body>\n</html>\n");
        return h.toString();
    }
}
