package io.incidentdetector.evaluate;

import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentKind;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.scenario.FaultTarget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores incidents against labelled faults, adding up over runs (seeds, scenarios). The rules:
 * <ul>
 *   <li>An incident record <b>concerns</b> a latency fault if its suspect is one of the fault's culprits
 *       ({@link FaultLabel#culprits()}), or, for a fault on the calls into a service (a service, its pod, a pair's
 *       callee), if it names that service as suspect, is the group of the calls into it ({@code dst:<service>}) or
 *       has a hot pair into it (for a pair fault: the pair itself), or, for a fault on the calls out of a service (a
 *       caller's CPU, its pod), if it has a hot pair out of it; a canary fault, if the code is one of its
 *       subjects.</li>
 *   <li>A fault is <b>caught</b> when an incident that concerns it is opened, or updated (hotter, more pairs, heat
 *       back after a cool-down), between the fault's start and {@code grace} after its end. Time to detect: from the
 *       start to the first such record. An incident already open that says nothing new does not catch a second
 *       fault.</li>
 *   <li>Severity is right when the highest severity of those records is the label's (labels without one are not
 *       counted), read from the records of the group of the calls into the slowed service ({@code dst:<service>})
 *       when there are any; the culprit is right when one of them has one of the fault's culprits as suspect.</li>
 *   <li>Time to resolve: from the fault's end to the resolution of the incident of the culprit's own group, else of
 *       the first that caught it (negative when it resolved before the fault ended).</li>
 *   <li>An incident (one episode, all its records) is <b>true</b> when it concerns a fault during the fault or its
 *       grace, else <b>false</b>; precision is true / all, and false incidents are also counted per 24 hours of the
 *       runs.</li>
 * </ul>
 */
public final class Scorecard {

    private final Duration grace;
    private final Map<IncidentKind, Tally> tallies = new LinkedHashMap<>();

    public Scorecard(Duration grace) {
        this.grace = grace;
    }

    /** What one pipeline scored over every run added. */
    public static final class Tally {
        public int faults;
        public int caught;
        public int withSeverity;
        public int severityRight;
        public int culpritRight;
        /** Caught faults that have a culprit service (latency faults). */
        public int withCulprit;
        public int episodes;
        public int trueEpisodes;
        public double hours;
        public final List<Long> detectMillis = new ArrayList<>();
        public final List<Long> resolveMillis = new ArrayList<>();
        public final List<String> missed = new ArrayList<>();
        public final List<String> falseIncidents = new ArrayList<>();
        /** One line per fault: what was caught, when, how severe, with what culprit. */
        public final List<String> faultLines = new ArrayList<>();
        /** Faults the detector promises to catch ({@link FaultLabel#promised()}), and those caught. */
        public int promised;
        public int promisedCaught;
        /** Of the promised faults caught: with the culprit named, and with the expected severity (of those with one). */
        public int promisedCulprit;
        public int promisedWithSeverity;
        public int promisedSeverityRight;
        /** The promised faults by kind of fault ({@link FaultLabel#faultKind()}), in the order first met. */
        public final Map<String, KindCount> promisedByKind = new LinkedHashMap<>();

        public double recall() {
            return faults == 0 ? Double.NaN : caught / (double) faults;
        }

        public double precision() {
            return episodes == 0 ? Double.NaN : trueEpisodes / (double) episodes;
        }

        public double falsePerDay() {
            return hours == 0 ? Double.NaN : (episodes - trueEpisodes) * 24 / hours;
        }

        public double severityAccuracy() {
            return withSeverity == 0 ? Double.NaN : severityRight / (double) withSeverity;
        }

        public double promisedRecall() {
            return promised == 0 ? Double.NaN : promisedCaught / (double) promised;
        }

        public double culpritRate() {
            return withCulprit == 0 ? Double.NaN : culpritRight / (double) withCulprit;
        }
    }

    /** Promised faults of one kind: how many, caught, and caught with the culprit named. */
    public static final class KindCount {
        public int promised;
        public int caught;
        public int culprit;
    }

    public Tally tally(IncidentKind kind) {
        return tallies.computeIfAbsent(kind, k -> new Tally());
    }

    public Map<IncidentKind, Tally> tallies() {
        return tallies;
    }

    /** Scores one run of {@code kind}: its labels, every incident record it wrote, and how long it covered. */
    public void add(IncidentKind kind, String run, List<FaultLabel> labels, List<Incident> records, Instant from,
            Instant to) {
        Tally t = tally(kind);
        t.hours += Duration.between(from, to).toMillis() / 3_600_000.0;
        List<Incident> ofKind = records.stream().filter(r -> r.kind() == kind).toList();
        Map<String, List<Incident>> episodes = new LinkedHashMap<>();
        ofKind.forEach(r -> episodes.computeIfAbsent(r.id(), id -> new ArrayList<>()).add(r));
        for (FaultLabel label : labels) {
            if (label.kind() != kind) {
                continue;
            }
            t.faults++;
            boolean isPromised = label.promised();
            t.promised += isPromised ? 1 : 0;
            KindCount byKind = isPromised ? t.promisedByKind.computeIfAbsent(label.faultKind(), k -> new KindCount())
                    : new KindCount();
            byKind.promised++;
            Instant until = label.end().plus(grace);
            List<Incident> saying = ofKind.stream().filter(r -> r.status() != IncidentStatus.RESOLVED)
                    .filter(r -> within(said(r), label.start(), until) && concerns(r, label)).toList();
            String what = run + ": " + shown(label) + " " + label.start() + " - " + label.end() + size(label);
            if (saying.isEmpty()) {
                t.missed.add(what);
                t.faultLines.add("missed  " + what);
                continue;
            }
            t.caught++;
            t.promisedCaught += isPromised ? 1 : 0;
            byKind.caught++;
            Incident first = saying.stream().min((a, b) -> said(a).compareTo(said(b))).orElseThrow();
            t.detectMillis.add(Duration.between(label.start(), said(first)).toMillis());
            // severity is the fault's own group's (the calls into the culprit) when it has one: the incidents above
            // it are linked to it and may well be more severe
            String ownGroup = label.slowCallee() == null ? null : "dst:" + label.slowCallee();
            List<Incident> own = saying.stream().filter(r -> ownGroup != null && ownGroup.equals(r.group())).toList();
            Severity highest = (own.isEmpty() ? saying : own).stream().map(Incident::severity)
                    .reduce((a, b) -> a.moreSevereThan(b) ? a : b).orElseThrow();
            if (label.expected() != null) {
                t.withSeverity++;
                t.severityRight += highest == label.expected() ? 1 : 0;
                t.promisedWithSeverity += isPromised ? 1 : 0;
                t.promisedSeverityRight += isPromised && highest == label.expected() ? 1 : 0;
            }
            boolean hasCulprit = kind == IncidentKind.LATENCY;
            boolean culprit = hasCulprit && saying.stream().anyMatch(r -> label.culprits().contains(r.suspect()));
            t.withCulprit += hasCulprit ? 1 : 0;
            t.culpritRight += culprit ? 1 : 0;
            t.promisedCulprit += isPromised && culprit ? 1 : 0;
            byKind.culprit += culprit ? 1 : 0;
            t.faultLines.add("caught  " + what + " after " + Duration.between(label.start(), said(first)).toSeconds()
                    + " s, " + highest + (label.expected() == null ? "" : " (expected " + label.expected() + ")")
                    + (!hasCulprit ? "" : culprit ? ", culprit named" : ", culprit not named"));
            // resolved: the culprit's own group's incident when it has one, else the first that caught the fault
            String episode = (own.isEmpty() ? first : own.get(0)).id();
            episodes.getOrDefault(episode, List.of()).stream().filter(r -> r.status() == IncidentStatus.RESOLVED)
                    .findFirst().ifPresent(r -> t.resolveMillis.add(Duration.between(label.end(), r.resolvedAt())
                            .toMillis()));
        }
        for (List<Incident> episode : episodes.values()) {
            t.episodes++;
            Instant opened = episode.get(0).openedAt();
            Instant resolved = episode.stream().map(Incident::resolvedAt).filter(r -> r != null).findFirst().orElse(to);
            boolean real = labels.stream().filter(l -> l.kind() == kind).anyMatch(l -> !opened.isAfter(
                    l.end().plus(grace)) && !resolved.isBefore(l.start())
                    && episode.stream().anyMatch(r -> concerns(r, l)));
            if (real) {
                t.trueEpisodes++;
            } else {
                t.falseIncidents.add(run + ": " + episode.get(0).id() + " " + episode.get(0).subjects());
            }
        }
    }

    /** A latency fault's kind and what it is on ({@code caller CPU svc-04}); a canary fault's code. */
    private static String shown(FaultLabel label) {
        if (label.kind() != IncidentKind.LATENCY) {
            return label.target();
        }
        FaultTarget target = label.latencyTarget();
        return target.kind().words() + " " + (target.kind() == FaultTarget.Kind.PAIR ? target.pair() : target.service());
    }

    private static String size(FaultLabel label) {
        if (Double.isNaN(label.size())) {
            return "";
        }
        return label.kind() == IncidentKind.ERROR_RATE ? " x" + label.size() : " +" + Math.round(label.size()) + " ms";
    }

    private static Instant said(Incident r) {
        return r.status() == IncidentStatus.OPEN ? r.openedAt() : r.updatedAt();
    }

    private static boolean within(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && !t.isAfter(to);
    }

    static boolean concerns(Incident r, FaultLabel label) {
        if (label.kind() == IncidentKind.ERROR_RATE) {
            return r.subjects().contains("code " + label.target().substring("code:".length()).strip());
        }
        if (label.culprits().contains(r.suspect())) {
            return true;
        }
        String callee = label.slowCallee();
        if (callee != null && (callee.equals(r.suspect()) || ("dst:" + callee).equals(r.group())
                || (label.isPair() ? r.subjects().contains(label.latencyTarget().pair())
                        : r.subjects().stream().anyMatch(p -> p.endsWith("->" + callee))))) {
            return true;
        }
        String caller = label.slowCaller();
        return caller != null && r.subjects().stream().anyMatch(p -> p.startsWith(caller + "->"));
    }
}
