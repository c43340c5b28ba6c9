package io.incidentdetector.picture;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.judge.WindowVerdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A page per incident, made from the incident records first and then the window verdicts and error counts streamed
 * past it. It keeps only what a page shows: the verdicts of the incidents' pairs (at most {@value #MAX_CHARTS} per
 * incident) and the counts of their codes, within the hour before each incident and its span; everything else is
 * dropped as it passes.
 */
public final class IncidentPages {

    /** The folder of the pages, beside {@code incidents.jsonl}. */
    public static final String FOLDER = "pages";
    public static final String INDEX = "index.html";
    static final int MAX_CHARTS = 8;

    private final Map<String, IncidentStory> stories = new LinkedHashMap<>();
    private final Map<String, List<IncidentStory>> byPair = new HashMap<>();
    private final Map<Integer, List<IncidentStory>> byCode = new HashMap<>();
    private final Map<String, TreeMap<Instant, WindowVerdict>> verdicts = new HashMap<>();
    private final Map<Integer, TreeMap<Instant, RatePoint>> rates = new HashMap<>();

    /** Pages of the incidents of {@code records} (every record written, in order; several per incident). */
    public IncidentPages(Iterable<Incident> records) {
        for (Incident record : records) {
            stories.computeIfAbsent(record.id(), IncidentStory::new).add(record);
        }
        for (IncidentStory story : stories.values()) {
            if (story.kind() == IncidentKind.ERROR_RATE) {
                story.codes().forEach(code -> byCode.computeIfAbsent(code, c -> new ArrayList<>()).add(story));
            } else {
                charted(story).forEach(pair -> byPair.computeIfAbsent(pair, p -> new ArrayList<>()).add(story));
            }
        }
    }

    public int incidents() {
        return stories.size();
    }

    /** Keeps {@code verdict} if a page shows it. */
    public void accept(WindowVerdict verdict) {
        List<IncidentStory> of = byPair.get(verdict.pair());
        if (of != null && of.stream().anyMatch(s -> s.shows(verdict.time()))) {
            verdicts.computeIfAbsent(verdict.pair(), p -> new TreeMap<>()).put(verdict.time(), verdict);
        }
    }

    /** Keeps {@code point} if a page shows it. */
    public void accept(RatePoint point) {
        List<IncidentStory> of = byCode.get(point.code());
        if (of != null && of.stream().anyMatch(s -> s.shows(point.end()))) {
            rates.computeIfAbsent(point.code(), c -> new TreeMap<>()).put(point.end(), point);
        }
    }

    /**
     * Writes a page per incident and an index into {@code dir} (created if missing); {@code source} says where the
     * records came from. Returns the number of pages.
     */
    public int write(Path dir, String source) throws IOException {
        Files.createDirectories(dir);
        for (IncidentStory story : stories.values()) {
            Files.writeString(dir.resolve(PageName.of(story.id())), page(story, source), StandardCharsets.UTF_8);
        }
        List<IncidentStory> newestFirst = stories.values().stream()
                .sorted(Comparator.comparing(IncidentStory::openedAt).reversed()).toList();
        Files.writeString(dir.resolve(INDEX), IncidentPage.index(newestFirst, source), StandardCharsets.UTF_8);
        return stories.size();
    }

    /** The page of one incident. */
    public String page(IncidentStory story, String source) {
        List<String> charts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (story.kind() == IncidentKind.ERROR_RATE) {
            for (int code : story.codes()) {
                List<RatePoint> shown = shown(rates.get(code), story);
                charts.add(IncidentCharts.rates(story, code, shown));
                if (shown.isEmpty()) {
                    notes.add("No error counts of code " + code + " in the time shown.");
                }
            }
        } else {
            for (String pair : charted(story)) {
                List<WindowVerdict> shown = shown(verdicts.get(pair), story);
                charts.add(IncidentCharts.latency(story, pair, shown));
                if (shown.isEmpty()) {
                    notes.add("No window verdicts of " + pair + " in the time shown (is the verdicts output on?).");
                }
            }
            List<String> subjects = story.subjects();
            if (subjects.size() > MAX_CHARTS) {
                notes.add((subjects.size() - MAX_CHARTS) + " more pairs not drawn: "
                        + String.join(", ", subjects.subList(MAX_CHARTS, subjects.size())));
            }
        }
        return IncidentPage.html(story, charts, notes, source);
    }

    /** The stories, in the order their first records came. */
    public List<IncidentStory> stories() {
        return List.copyOf(stories.values());
    }

    private static List<String> charted(IncidentStory story) {
        List<String> subjects = story.subjects();
        return subjects.subList(0, Math.min(MAX_CHARTS, subjects.size()));
    }

    private static <T> List<T> shown(TreeMap<Instant, T> series, IncidentStory story) {
        return series == null ? List.of()
                : new ArrayList<>(series.subMap(story.shownFrom(), true, story.shownTo(), true).values());
    }
}
