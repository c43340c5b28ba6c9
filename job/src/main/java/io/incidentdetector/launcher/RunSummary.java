package io.incidentdetector.launcher;

import io.incidentdetector.canary.alert.AlertStatus;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.heat.Grouping;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.incident.correlation.SuspectSelection;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.sink.OutputFiles;

import org.apache.flink.api.common.JobExecutionResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What a local run produced, printed once it finishes. */
final class RunSummary {

    private RunSummary() {}

    /** A run of consecutive anomalous windows of one pair. */
    record Burst(String pair, Instant first, Instant last, int windows) {}

    static void print(OutputFiles files, JobExecutionResult result, Duration took, LatencyConfig config) throws IOException {
        List<WindowVerdict> verdicts = readAll(files.file(OutputFiles.WINDOWS), WindowVerdict.class);
        List<Incident> incidents = readAll(files.file(OutputFiles.INCIDENTS), Incident.class);
        long anomalous = verdicts.stream().filter(WindowVerdict::anomalous).count();
        Grouping grouping = new Grouping(config);
        List<Burst> bursts = bursts(verdicts);
        List<Burst> ignored = bursts.stream()
                .filter(b -> !grouping.groupsOf(b.pair()).isEmpty() && !duringIncident(b, incidents)).toList();
        Set<String> ungrouped = new TreeSet<>();
        bursts.stream().map(Burst::pair).filter(p -> grouping.groupsOf(p).isEmpty()).forEach(ungrouped::add);
        long pairs = verdicts.stream().map(WindowVerdict::pair).distinct().count();
        Map<String, Incident> last = new LinkedHashMap<>();
        incidents.forEach(i -> last.put(i.id(), i));
        long episodes = last.size();
        long linked = last.values().stream().filter(i -> SuspectSelection.linked(i, last)).count();
        List<String> stillOpen = last.values().stream()
                .filter(i -> i.status() != IncidentStatus.RESOLVED).map(Incident::id).toList();

        System.out.printf("%nfinished in %.1f s%n", took.toMillis() / 1000.0);
        if (Files.exists(files.file(OutputFiles.WINDOWS))) {
            System.out.printf("  %d windows of %d pairs judged, %d anomalous in %d bursts%n", verdicts.size(), pairs,
                    anomalous, bursts.size());
            System.out.printf("  ignored as transients: %d bursts (longest %d windows) raised no incident%n",
                    ignored.size(), ignored.stream().mapToInt(Burst::windows).max().orElse(0));
            if (!ungrouped.isEmpty()) {
                System.out.println("  anomalous pairs in no group (they cannot raise incidents): " + ungrouped.size()
                        + (ungrouped.size() <= 5 ? " " + ungrouped : ", e.g. " + new ArrayList<>(ungrouped).subList(0, 5)));
            }
        }
        Path alertsFile = files.file(OutputFiles.ALERTS);
        if (Files.exists(alertsFile)) {
            Map<AlertStatus, Long> byStatus = new java.util.EnumMap<>(AlertStatus.class);
            for (CanaryAlert alert : readAll(alertsFile, CanaryAlert.class)) {
                byStatus.merge(alert.status(), 1L, Long::sum);
            }
            System.out.printf("  canary alerts: %d ACTIVE, %d FIRING, %d CLEARED%n",
                    byStatus.getOrDefault(AlertStatus.ACTIVE, 0L), byStatus.getOrDefault(AlertStatus.FIRING, 0L),
                    byStatus.getOrDefault(AlertStatus.CLEARED, 0L));
        }
        if (!stillOpen.isEmpty()) {
            System.out.println("  still open when the input ended: " + stillOpen.size()
                    + (stillOpen.size() <= 5 ? " " + stillOpen : ""));
        }
        System.out.printf("  incidents: %d episode%s%s, %s records; late events: %s; dead letters: %s%n", episodes,
                episodes == 1 ? "" : "s", linked == 0 ? "" : " (" + (episodes - linked) + " root, " + linked
                        + " linked to a root below them)",
                count(result, "incidents"), count(result, "late-events"), count(result, "dead-letters"));
        if (!incidents.isEmpty()) {
            System.out.println("  timeline (event time; openings and resolutions of root incidents):");
            List<Incident> timeline = incidents.stream()
                    .filter(i -> !SuspectSelection.linked(last.get(i.id()), last)
                            && (i.status() != IncidentStatus.UPDATED || i.summary().startsWith("escalated")))
                    .sorted(java.util.Comparator.comparing(Incident::updatedAt)).toList();
            timeline.stream().limit(TIMELINE_LINES).forEach(i -> System.out.printf("    %s  %-8s %s  %s%s%n",
                    i.updatedAt(), i.status(), i.severity(), i.id(), i.suspect() == null ? "" : "  suspect "
                            + i.suspect()));
            if (timeline.size() > TIMELINE_LINES) {
                System.out.printf("    ... and %d more (all in %s)%n", timeline.size() - TIMELINE_LINES,
                        OutputFiles.INCIDENTS);
            }
        }
        for (String file : OutputFiles.ALL) {
            Path path = files.file(file);
            if (Files.exists(path)) {
                System.out.println("  " + path);
            }
        }
        Path pages = files.file(OutputFiles.PAGES).resolve("index.html");
        if (Files.exists(pages)) {
            System.out.println("  " + pages + "  (a page per incident: open it in a browser)");
        }
    }

    static List<Burst> bursts(List<WindowVerdict> verdicts) {
        Map<String, TreeMap<Instant, WindowVerdict>> byPair = new TreeMap<>();
        verdicts.forEach(v -> byPair.computeIfAbsent(v.pair(), p -> new TreeMap<>()).put(v.time(), v));
        List<Burst> bursts = new ArrayList<>();
        for (TreeMap<Instant, WindowVerdict> series : byPair.values()) {
            WindowVerdict first = null;
            WindowVerdict last = null;
            int length = 0;
            for (WindowVerdict v : series.values()) {
                if (v.anomalous()) {
                    first = first == null ? v : first;
                    last = v;
                    length++;
                } else if (first != null) {
                    bursts.add(new Burst(first.pair(), first.time(), last.time(), length));
                    first = null;
                    length = 0;
                }
            }
            if (first != null) {
                bursts.add(new Burst(first.pair(), first.time(), last.time(), length));
            }
        }
        return bursts;
    }

    static final int TIMELINE_LINES = 20;


    /**
     * A burst is accounted for if an incident naming its pair was open during any of it (opened before its end and
     * not resolved before its start); otherwise it was a transient the accumulators ignored.
     */
    static boolean duringIncident(Burst burst, List<Incident> incidents) {
        Map<String, Instant[]> spans = new LinkedHashMap<>();
        for (Incident i : incidents) {
            if (!i.subjects().contains(ServicePair.edge(burst.pair()))) {
                continue;
            }
            Instant[] span = spans.computeIfAbsent(i.id(), id -> new Instant[] {i.openedAt(), Instant.MAX});
            if (i.resolvedAt() != null) {
                span[1] = i.resolvedAt();
            }
        }
        return spans.values().stream().anyMatch(span -> !span[0].isAfter(burst.last().plusSeconds(60))
                && !span[1].isBefore(burst.first()));
    }

    private static <T> List<T> readAll(Path file, Class<T> type) throws IOException {
        List<T> records = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                records.add(JsonCodec.mapper().readValue(line, type));
            }
        }
        return records;
    }

    private static Object count(JobExecutionResult result, String name) {
        Object value = result.getAllAccumulatorResults().get(name);
        return value == null ? 0 : value;
    }
}
