package io.incidentdetector.picture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One time-series chart as inline SVG: lines, bands (a filled area between a lower and an upper line), and shaded
 * spans over a time axis (UTC) and a value axis from zero. A point with a NaN value breaks its line or band. Every
 * text is escaped; the SVG needs no script, font or anything else from outside.
 */
public final class SvgChart {

    public static final int WIDTH = 960;
    public static final int HEIGHT = 280;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 30;
    static final int BOTTOM = 40;

    /** A value at a time (epoch milliseconds); NaN for no value. */
    public record Point(long millis, double value) {}

    /** The area between {@code lower} and {@code upper} at a time; NaN for none. */
    public record BandPoint(long millis, double lower, double upper) {}

    private record Line(String label, String cssClass, String color, boolean dashed, List<Point> points) {}

    private record Band(String label, String color, List<BandPoint> points) {}

    private record Span(long from, long to, String label) {}

    private record Marker(long at, String label) {}

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final String title;
    private final String unit;
    private final long from;
    private final long to;
    private final List<Line> lines = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private final List<Span> spans = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();

    /** A chart of {@code title} (values in {@code unit}) from {@code from} to {@code to}. */
    public SvgChart(String title, String unit, Instant from, Instant to) {
        this.title = title;
        this.unit = unit;
        this.from = from.toEpochMilli();
        this.to = Math.max(to.toEpochMilli(), this.from + 1_000);
    }

    public SvgChart line(String label, String cssClass, String color, boolean dashed, List<Point> points) {
        lines.add(new Line(label, cssClass, color, dashed, points));
        return this;
    }

    public SvgChart band(String label, String color, List<BandPoint> points) {
        bands.add(new Band(label, color, points));
        return this;
    }

    /** Shades the time from {@code start} to {@code end}, clipped to the chart. */
    public SvgChart span(Instant start, Instant end, String label) {
        spans.add(new Span(start.toEpochMilli(), end.toEpochMilli(), label));
        return this;
    }

    /** A thin vertical line at {@code at} labelled {@code label} (a record of the incident's lifecycle). */
    public SvgChart marker(Instant at, String label) {
        markers.add(new Marker(at.toEpochMilli(), label));
        return this;
    }

    public Scale timeScale() {
        return new Scale(from, to, LEFT, WIDTH - RIGHT);
    }

    /** From zero to a little above the largest value drawn. */
    public Scale valueScale() {
        double max = 0;
        for (Line line : lines) {
            for (Point p : line.points()) {
                max = inRange(p.millis()) && Double.isFinite(p.value()) ? Math.max(max, p.value()) : max;
            }
        }
        for (Band band : bands) {
            for (BandPoint p : band.points()) {
                max = inRange(p.millis()) && Double.isFinite(p.upper()) ? Math.max(max, p.upper()) : max;
            }
        }
        double top = max <= 0 ? 1 : max * 1.08;
        return new Scale(0, top, HEIGHT - BOTTOM, TOP);
    }

    private boolean inRange(long millis) {
        return millis >= from && millis <= to;
    }

    public String svg() {
        Scale x = timeScale();
        Scale y = valueScale();
        StringBuilder s = new StringBuilder(8_192);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">\n");
        s.append("<title>").append(Html.escape(title)).append("</title>\n");
        s.append("<rect class=\"plot\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(HEIGHT - TOP - BOTTOM)
                .append("\" fill=\"#ffffff\" stroke=\"#adb5bd\"/>\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"18\" font-size=\"13\" font-weight=\"bold\">")
                .append(Html.escape(title)).append("</text>\n");
        axes(s, x, y);
        for (Span span : spans) {
            double left = x.at(Math.max(from, Math.min(to, span.from())));
            double right = x.at(Math.max(from, Math.min(to, span.to())));
            s.append("<rect class=\"span\" x=\"").append(n(left)).append("\" y=\"").append(TOP)
                    .append("\" width=\"").append(n(Math.max(1, right - left))).append("\" height=\"")
                    .append(HEIGHT - TOP - BOTTOM).append("\" fill=\"#e03131\" fill-opacity=\"0.13\"><title>")
                    .append(Html.escape(span.label())).append("</title></rect>\n");
        }
        for (Band band : bands) {
            for (List<BandPoint> part : split(band.points(), p -> Double.isFinite(p.lower())
                    && Double.isFinite(p.upper()))) {
                s.append("<polygon class=\"band\" fill=\"").append(band.color()).append("\" fill-opacity=\"0.35\""
                        + " stroke=\"none\" points=\"");
                part.forEach(p -> s.append(n(x.at(p.millis()))).append(',').append(n(y.at(p.upper()))).append(' '));
                for (int i = part.size() - 1; i >= 0; i--) {
                    s.append(n(x.at(part.get(i).millis()))).append(',').append(n(y.at(part.get(i).lower()))).append(' ');
                }
                s.setLength(s.length() - 1);
                s.append("\"/>\n");
            }
        }
        for (Line line : lines) {
            for (List<Point> part : split(line.points(), p -> Double.isFinite(p.value()))) {
                s.append("<polyline class=\"series ").append(line.cssClass()).append("\" fill=\"none\" stroke=\"")
                        .append(line.color()).append("\" stroke-width=\"").append(line.dashed() ? "1.5" : "2.5")
                        .append('"').append(line.dashed() ? " stroke-dasharray=\"6 4\"" : "")
                        .append(" stroke-linejoin=\"round\" points=\"");
                part.forEach(p -> s.append(n(x.at(p.millis()))).append(',').append(n(y.at(p.value()))).append(' '));
                s.setLength(s.length() - 1);
                s.append("\"/>\n");
            }
        }
        for (Marker m : markers) {
            if (!inRange(m.at())) {
                continue;
            }
            double px = x.at(m.at());
            s.append("<g class=\"marker\"><line x1=\"").append(n(px)).append("\" x2=\"").append(n(px))
                    .append("\" y1=\"").append(TOP).append("\" y2=\"").append(HEIGHT - BOTTOM)
                    .append("\" stroke=\"#495057\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/><text x=\"")
                    .append(n(px + 3)).append("\" y=\"").append(TOP + 11).append("\" font-size=\"10\" fill=\"#495057\">")
                    .append(Html.escape(m.label())).append("</text></g>\n");
        }
        legend(s);
        s.append("</svg>\n");
        return s.toString();
    }

    private void axes(StringBuilder s, Scale x, Scale y) {
        s.append("<g class=\"axes\" font-size=\"11\" fill=\"#495057\">\n");
        for (double v : y.ticks(5)) {
            double py = y.at(v);
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(n(py)).append("\" y2=\"").append(n(py)).append("\" stroke=\"#e9ecef\"/>");
            s.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(n(py + 4))
                    .append("\" text-anchor=\"end\">").append(number(v)).append("</text>\n");
        }
        s.append("<text x=\"12\" y=\"").append(TOP + (HEIGHT - TOP - BOTTOM) / 2).append("\" transform=\"rotate(-90 12 ")
                .append(TOP + (HEIGHT - TOP - BOTTOM) / 2).append(")\" text-anchor=\"middle\">").append(Html.escape(unit))
                .append("</text>\n");
        long step = Scale.timeStep(to - from, 8);
        DateTimeFormatter clock = step < 60_000 ? CLOCK_SECONDS : CLOCK;
        for (long t = (from + step - 1) / step * step; t <= to; t += step) {
            double px = x.at(t);
            s.append("<line x1=\"").append(n(px)).append("\" x2=\"").append(n(px)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(HEIGHT - BOTTOM + 4).append("\" stroke=\"#f1f3f5\"/>");
            s.append("<text x=\"").append(n(px)).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
                    .append("\" text-anchor=\"middle\">").append(clock.format(Instant.ofEpochMilli(t))).append("</text>\n");
        }
        s.append("<text x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 6)
                .append("\" text-anchor=\"end\">UTC</text>\n</g>\n");
    }

    private void legend(StringBuilder s) {
        s.append("<g class=\"legend\" font-size=\"11\">");
        double at = WIDTH - RIGHT;
        List<String[]> entries = new ArrayList<>();
        lines.forEach(l -> entries.add(new String[] {l.label(), l.color(), l.dashed() ? "dash" : "line"}));
        bands.forEach(b -> entries.add(new String[] {b.label(), b.color(), "band"}));
        spans.stream().findFirst().ifPresent(sp -> entries.add(new String[] {sp.label(), "#e03131", "span"}));
        for (int i = entries.size() - 1; i >= 0; i--) {
            String[] e = entries.get(i);
            at -= 7 * e[0].length() + 34;
            s.append("<rect x=\"").append(n(at)).append("\" y=\"10\" width=\"18\" height=\"10\" fill=\"").append(e[1])
                    .append("\" fill-opacity=\"").append(e[2].equals("band") ? "0.35" : e[2].equals("span") ? "0.13"
                            : "1").append("\"/>");
            s.append("<text x=\"").append(n(at + 22)).append("\" y=\"19\">").append(Html.escape(e[0])).append("</text>");
        }
        s.append("</g>\n");
    }

    /** The runs of consecutive drawable points. */
    private static <P> List<List<P>> split(List<P> points, java.util.function.Predicate<P> drawable) {
        List<List<P>> parts = new ArrayList<>();
        List<P> current = new ArrayList<>();
        for (P p : points) {
            if (drawable.test(p)) {
                current.add(p);
            } else if (!current.isEmpty()) {
                parts.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.3g", v).replaceAll("\\.?0+$", "");
    }
}
