package io.incidentdetector.picture;

import io.incidentdetector.incident.Evidence;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.incident.SuspectKind;
import io.incidentdetector.judge.WindowVerdict;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class IncidentPagesTest {

    static final Instant OPENED = Instant.parse("2026-01-01T02:00:00Z");
    static final Instant ESCALATED = OPENED.plusSeconds(300);
    static final Instant RESOLVED = OPENED.plusSeconds(900);
    static final String PAIR = "frontend->cartservice";
    static final String ID = "latency-checkout-path-" + OPENED.getEpochSecond();

    static Incident record(String id, IncidentStatus status, Severity severity, List<String> subjects, Instant at) {
        Incident i = new Incident(id, status, severity, IncidentKind.LATENCY, "checkout-path", subjects, OPENED, at,
                status == IncidentStatus.RESOLVED ? at : null, status == IncidentStatus.RESOLVED ? 0 : 12,
                status + " summary", List.of(Evidence.ofPair(subjects.get(0), 200.0, 10.0, 7.0, 17.0, 190.0, 0.9,
                        12, 10)));
        return i.withSuspect("cartservice", SuspectKind.CALLEE, "its hot pairs point at cartservice", List.of());
    }

    static List<Incident> lifecycle(List<String> subjects) {
        return List.of(record(ID, IncidentStatus.OPEN, Severity.SEV2, subjects.subList(0, 1), OPENED),
                record(ID, IncidentStatus.UPDATED, Severity.SEV1, subjects, ESCALATED),
                record(ID, IncidentStatus.RESOLVED, Severity.SEV1, subjects, RESOLVED));
    }

    /** A verdict every 10 s from two hours before the incident to an hour after; 200 ms while it is hot. */
    static List<WindowVerdict> verdicts(String pair) {
        List<WindowVerdict> all = new ArrayList<>();
        for (Instant t = OPENED.minusSeconds(7200); t.isBefore(OPENED.plusSeconds(3600)); t = t.plusSeconds(10)) {
            boolean hot = !t.isBefore(OPENED.minusSeconds(10)) && t.isBefore(RESOLVED.minusSeconds(30));
            double y = hot ? 200 : 10;
            all.add(new WindowVerdict(t, pair, 50, y, 10.0, 7.0, 17.0, hot ? 1 : 0, Math.abs(y - 10), 0.5, "trained"));
        }
        return all;
    }

    static List<double[]> points(String svg, String cssClass) {
        Matcher m = Pattern.compile("<polyline class=\"series " + cssClass + "\"[^>]* points=\"([^\"]*)\"").matcher(svg);
        List<double[]> points = new ArrayList<>();
        while (m.find()) {
            for (String xy : m.group(1).split(" ")) {
                points.add(Arrays.stream(xy.split(",")).mapToDouble(Double::parseDouble).toArray());
            }
        }
        return points;
    }

    static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aLatencyPageDrawsThePairsLatencyBandAndExpectedValueOverTheHourBeforeAndTheSpan() {
        IncidentPages pages = new IncidentPages(lifecycle(List.of(PAIR)));
        verdicts(PAIR).forEach(pages::accept);
        verdicts("other->pair").forEach(pages::accept);
        String page = pages.page(pages.stories().get(0), "test");

        assertThat(count(page, "<svg ")).isEqualTo(1);
        assertThat(page).contains("<title>frontend-&gt;cartservice</title>").doesNotContain("other-&gt;pair");
        // the hour before, the 15 minutes of the incident and 5 minutes after, one point per 10 s window
        int shown = 3600 / 10 + 900 / 10 + 300 / 10 + 1;
        assertThat(points(page, "observed")).hasSize(shown);
        assertThat(points(page, "expected")).hasSize(shown);
        assertThat(count(page, "<polygon class=\"band\"")).isEqualTo(1);

        SvgChart chart = new SvgChart(PAIR, "ms", OPENED.minusSeconds(3600), RESOLVED.plusSeconds(300));
        Scale x = chart.timeScale();
        Matcher span = Pattern.compile("<rect class=\"span\" x=\"([0-9.]+)\" y=\"[0-9]+\" width=\"([0-9.]+)\"")
                .matcher(page);
        assertThat(span.find()).isTrue();
        assertThat(Double.parseDouble(span.group(1))).isCloseTo(x.at(OPENED.toEpochMilli()), within(0.1));
        assertThat(Double.parseDouble(span.group(2))).isCloseTo(x.at(RESOLVED.toEpochMilli())
                - x.at(OPENED.toEpochMilli()), within(0.2));
        // the hot windows are drawn higher (smaller y) than the quiet ones
        List<double[]> observed = points(page, "observed");
        assertThat(observed.get((3600 + 300) / 10)[1]).isLessThan(observed.get(10)[1] - 100);
    }

    @Test
    void thePageNamesTheSuspectItsReasonAndEveryRecordOfTheLifecycle() {
        IncidentPages pages = new IncidentPages(lifecycle(List.of(PAIR, "checkoutservice->paymentservice")));
        String page = pages.page(pages.stories().get(0), "test");
        assertThat(page).contains("<th>suspect</th><td>cartservice (callee)</td>")
                .contains("<th>suspect reason</th><td>its hot pairs point at cartservice</td>")
                .contains("<span class=\"sev SEV1\">SEV1</span>");
        assertThat(count(page, "<tr class=\"record\">")).isEqualTo(3);
        assertThat(page).containsSubsequence("OPEN summary", "UPDATED summary", "RESOLVED summary");
        assertThat(count(page, "<g class=\"marker\">")).as("opened, escalated, resolved, on each of two charts")
                .isEqualTo(6);
        assertThat(page).contains("No window verdicts of checkoutservice-&gt;paymentservice");
    }

    @Test
    void everyStringFromTheInputIsEscaped() {
        String evil = "<img src=x onerror=alert(1)>->\"svc'&";
        Incident open = record("latency-<b>-1", IncidentStatus.OPEN, Severity.SEV2, List.of(evil), OPENED)
                .withSuspect("<script>", SuspectKind.EDGE, "</td><script>alert(2)</script>", List.of("<rel>"));
        IncidentPages pages = new IncidentPages(List.of(open));
        verdicts(evil).forEach(pages::accept);
        String page = pages.page(pages.stories().get(0), "<source>");
        assertThat(page).doesNotContain("<img").doesNotContain("<script").doesNotContain("<b>")
                .doesNotContain("<rel>").doesNotContain("<source>")
                .contains("&lt;img src=x onerror=alert(1)&gt;-&gt;&quot;svc&#39;&amp;");
        assertThat(points(page, "observed")).isNotEmpty();
    }

    @Test
    void aStillOpenIncidentIsShadedToItsLatestRecord() {
        IncidentPages pages = new IncidentPages(List.of(record(ID, IncidentStatus.OPEN, Severity.SEV2, List.of(PAIR),
                OPENED), record(ID, IncidentStatus.UPDATED, Severity.SEV2, List.of(PAIR), ESCALATED)));
        IncidentStory story = pages.stories().get(0);
        assertThat(story.resolved()).isFalse();
        assertThat(story.end()).isEqualTo(ESCALATED);
        assertThat(pages.page(story, "test")).contains("incident (still open)").contains("open (UPDATED)");
    }

    @Test
    void aLongIncidentShowsAtMostADayAndKeepsItsFirstAndLatestRecords() {
        List<Incident> records = new ArrayList<>();
        records.add(record(ID, IncidentStatus.OPEN, Severity.SEV2, List.of(PAIR), OPENED));
        for (int i = 1; i <= 250; i++) {
            records.add(record(ID, IncidentStatus.UPDATED, Severity.SEV2, List.of(PAIR), OPENED.plusSeconds(600L * i)));
        }
        IncidentPages pages = new IncidentPages(records);
        IncidentStory story = pages.stories().get(0);
        assertThat(story.shownTo()).isEqualTo(OPENED.plus(Duration.ofHours(24)).plus(IncidentStory.AFTER));
        assertThat(story.records()).hasSize(IncidentStory.MAX_RECORDS);
        assertThat(story.records().get(0).status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(story.records().get(IncidentStory.MAX_RECORDS - 1).updatedAt()).isEqualTo(OPENED.plusSeconds(150_000));
        String page = pages.page(story, "test");
        assertThat(count(page, "<tr class=\"record\">")).isEqualTo(IncidentStory.MAX_RECORDS);
        assertThat(page).contains("... 51 more records ...");
    }

    @Test
    void aGroupOfManyPairsDrawsTheFirstFewAndNamesTheRest() {
        List<String> pairs = IntStream.range(0, 10).mapToObj(i -> "svc" + i + "->db").toList();
        IncidentPages pages = new IncidentPages(lifecycle(pairs));
        pairs.forEach(p -> verdicts(p).forEach(pages::accept));
        String page = pages.page(pages.stories().get(0), "test");
        assertThat(count(page, "<svg ")).isEqualTo(IncidentPages.MAX_CHARTS);
        assertThat(page).contains("2 more pairs not drawn: svc8-&gt;db, svc9-&gt;db");
    }

    @Test
    void aCanaryPageDrawsBothBuildsRatesOfItsCodes() {
        Instant opened = OPENED;
        String id = "error-rate-canary-5.1-" + opened.getEpochSecond();
        List<String> subjects = List.of("baseline 5.0", "canary 5.1", "code 4");
        Incident open = new Incident(id, IncidentStatus.OPEN, Severity.SEV2, IncidentKind.ERROR_RATE, "canary-5.1",
                subjects, opened, opened, null, 2.4, "SEV2 on canary-5.1", List.of(Evidence.ofErrorCode("code 4", 2.4,
                        1.25, 112, 281, 1e-4)));
        Incident resolved = open.withStatus(IncidentStatus.RESOLVED, opened.plusSeconds(600), "resolved");
        IncidentPages pages = new IncidentPages(List.of(open, new Incident(id, IncidentStatus.RESOLVED, Severity.SEV2,
                IncidentKind.ERROR_RATE, "canary-5.1", subjects, opened, resolved.updatedAt(), resolved.updatedAt(), 0,
                "resolved", List.of())));
        Duration bin = Duration.ofSeconds(30);
        for (Instant t = opened.minusSeconds(7200); t.isBefore(opened.plusSeconds(3600)); t = t.plus(bin)) {
            pages.accept(new RatePoint(4, t, bin, 10, t.isBefore(opened) ? 10 : 30));
            pages.accept(new RatePoint(5, t, bin, 10, 10));
        }
        String page = pages.page(pages.stories().get(0), "test");
        assertThat(page).contains("Error rates of the two builds").contains("<title>code 4</title>")
                .contains("baseline 5.0").contains("canary 5.1").doesNotContain("code 5")
                .doesNotContain("<th>suspect reason</th>");
        int shown = 3600 / 30 + 600 / 30 + 300 / 30 + 1;
        assertThat(points(page, "baseline")).hasSize(shown);
        assertThat(points(page, "canary")).hasSize(shown);
        assertThat(new RatePoint(4, opened, bin, 10, 30).canaryPerMinute()).isEqualTo(60.0);
    }

    @Test
    void writesAPagePerIncidentNamedByItsIdAndAnIndex(@TempDir Path dir) throws Exception {
        List<Incident> records = new ArrayList<>(lifecycle(List.of(PAIR)));
        records.add(record("latency-dst:cart/service-9", IncidentStatus.OPEN, Severity.SEV2, List.of(PAIR),
                OPENED.plusSeconds(60)));
        IncidentPages pages = new IncidentPages(records);
        assertThat(pages.write(dir.resolve("pages"), "test")).isEqualTo(2);
        assertThat(dir.resolve("pages").resolve(ID + ".html")).exists();
        String odd = PageName.of("latency-dst:cart/service-9");
        assertThat(dir.resolve("pages").resolve(odd)).exists();
        String index = Files.readString(dir.resolve("pages").resolve(IncidentPages.INDEX));
        assertThat(index).contains("href=\"" + odd + "\"").contains("href=\"" + ID + ".html\"")
                .contains(">latency-dst:cart/service-9</a>");
    }
}
