package io.incidentdetector.picture;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.judge.WindowVerdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The charts of an incident's page: a latency pair's observed latency, expected value and band; an error code's
 * rate in each build. Both over the time the page shows, the incident's span shaded.
 */
public final class IncidentCharts {

    public static final String OBSERVED_COLOR = "#d9480f";
    public static final String EXPECTED_COLOR = "#1c7ed6";
    public static final String BAND_COLOR = "#74c0fc";
    public static final String BASELINE_COLOR = "#1c7ed6";
    public static final String CANARY_COLOR = OBSERVED_COLOR;
    static final int MAX_MARKERS = 20;

    private IncidentCharts() {}

    /** One pair's windows ({@code verdicts} in time order): latency, expected value and band. */
    public static String latency(IncidentStory story, String pair, Collection<WindowVerdict> verdicts) {
        List<SvgChart.Point> observed = new ArrayList<>();
        List<SvgChart.Point> expected = new ArrayList<>();
        List<SvgChart.BandPoint> band = new ArrayList<>();
        long step = smallestStep(verdicts.stream().map(WindowVerdict::time).toList());
        Instant previous = null;
        for (WindowVerdict v : verdicts) {
            long t = v.time().toEpochMilli();
            if (previous != null && t - previous.toEpochMilli() > 3 * step) {
                observed.add(new SvgChart.Point(t - 1, Double.NaN));
                expected.add(new SvgChart.Point(t - 1, Double.NaN));
                band.add(new SvgChart.BandPoint(t - 1, Double.NaN, Double.NaN));
            }
            previous = v.time();
            observed.add(new SvgChart.Point(t, v.count() == 0 ? Double.NaN : v.y()));
            expected.add(new SvgChart.Point(t, value(v.yhat())));
            band.add(new SvgChart.BandPoint(t, value(v.yMin()), value(v.yMax())));
        }
        Instant from = from(story, verdicts.stream().map(WindowVerdict::time).toList());
        return span(new SvgChart(pair, "latency (ms)", from, story.shownTo()), story)
                .band("band", BAND_COLOR, band)
                .line("expected", "expected", EXPECTED_COLOR, true, expected)
                .line("latency", "observed", OBSERVED_COLOR, false, observed)
                .svg();
    }

    /** One error code's errors per minute in the baseline and the canary build ({@code points} in time order). */
    public static String rates(IncidentStory story, int code, Collection<RatePoint> points) {
        List<SvgChart.Point> baseline = new ArrayList<>();
        List<SvgChart.Point> canary = new ArrayList<>();
        for (RatePoint p : points) {
            baseline.add(new SvgChart.Point(p.end().toEpochMilli(), p.baselinePerMinute()));
            canary.add(new SvgChart.Point(p.end().toEpochMilli(), p.canaryPerMinute()));
        }
        String baselineBuild = story.build("baseline");
        String canaryBuild = story.build("canary");
        Instant from = from(story, points.stream().map(p -> p.end().minus(p.length())).toList());
        return span(new SvgChart("code " + code, "errors per minute", from, story.shownTo()), story)
                .line(baselineBuild == null ? "baseline" : "baseline " + baselineBuild, "baseline", BASELINE_COLOR,
                        true, baseline)
                .line(canaryBuild == null ? "canary" : "canary " + canaryBuild, "canary", CANARY_COLOR, false, canary)
                .svg();
    }

    /** The incident's span shaded, and a marker at each record that opened, escalated or resolved it. */
    private static SvgChart span(SvgChart chart, IncidentStory story) {
        chart.span(story.openedAt(), story.end(), story.resolved() ? "incident" : "incident (still open)");
        Severity severity = null;
        int markers = 0;
        for (Incident r : story.records()) {
            boolean escalated = r.status() == IncidentStatus.UPDATED && r.severity() != severity;
            if ((r.status() != IncidentStatus.UPDATED || escalated) && markers++ < MAX_MARKERS) {
                chart.marker(r.updatedAt(), escalated ? String.valueOf(r.severity()) : String.valueOf(r.status()));
            }
            severity = r.severity();
        }
        return chart;
    }

    /**
     * Where a chart starts: the hour before the incident, or later when the data starts later (a run that began
     * shortly before the incident), so that the chart is not mostly empty.
     */
    static Instant from(IncidentStory story, List<Instant> times) {
        Instant first = times.isEmpty() ? story.shownFrom() : times.get(0);
        Instant start = first.isBefore(story.openedAt()) ? first : story.openedAt();
        return start.isAfter(story.shownFrom()) ? start : story.shownFrom();
    }

    private static double value(Double v) {
        return v == null ? Double.NaN : v;
    }

    /** The shortest time between two consecutive windows; a longer gap than three of these breaks the lines. */
    static long smallestStep(List<Instant> times) {
        long step = Long.MAX_VALUE;
        for (int i = 1; i < times.size(); i++) {
            long d = times.get(i).toEpochMilli() - times.get(i - 1).toEpochMilli();
            step = d > 0 ? Math.min(step, d) : step;
        }
        return step == Long.MAX_VALUE ? Long.MAX_VALUE / 4 : step;
    }
}
