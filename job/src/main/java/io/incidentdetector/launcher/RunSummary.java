package io.incidentdetector.launcher;

import io.incidentdetector.canary.alert.AlertStatus;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
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
        Set<String> grouped = new TreeSet<>();
        config.groups().forEach(g -> g.pairs().forEach(p -> grouped.add(ServicePair.normalise(p))));
        List<Burst> bursts = bursts(verdicts);
        List<Burst> ignored = bursts.stream()
                .filter(b -> grouped.contains(b.pair()) && !causedIncident(b, incidents)).toList();
        Set<String> ungrouped = new TreeSet<>();
        bursts.stream().map(Burst::pair).filter(p -> !grouped.contains(p)).forEach(ungrouped::add);
        long episodes = incidents.stream().map(Incident::id).distinct().count();
        Map<String, Incident> last = new LinkedHashMap<>();
        incidents.forEach(i -> last.put(i.id(), i));
        List<String> stillOpen = last.values().stream()
                .filter(i -> i.status() != IncidentStatus.RESOLVED).map(Incident::id).toList();

        System.out.printf("%nfinished in %.1f s%n", took.toMillis() / 1000.0);
        if (Files.exists(files.file(OutputFiles.WINDOWS))) {
            System.out.printf("  %d windows judged, %d anomalous in %d bursts%n", verdicts.size(), anomalous,
                    bursts.size());
            System.out.printf("  ignored as transients: %d bursts (longest %d windows) raised no incident%n",
                    ignored.size(), ignored.stream().mapToInt(Burst::windows).max().orElse(0));
            if (!ungrouped.isEmpty()) {
                System.out.println("  anomalous pairs in no group (they cannot raise incidents): " + ungrouped);
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
            System.out.println("  still open when the input ended: " + stillOpen);
        }
        System.out.printf("  incidents: %d episode%s, %s records; late events: %s; dead letters: %s%n", episodes,
                episodes == 1 ? "" : "s",
                count(result, "incidents"), count(result, "late-events"), count(result, "dead-letters"));
        if (!incidents.isEmpty()) {
            System.out.println("  timeline (event time):");
            incidents.stream().sorted(java.util.Comparator.comparing(Incident::updatedAt))
                    .forEach(i -> System.out.printf("    %s  %-8s %s  %s%n", i.updatedAt(), i.status(), i.severity(),
                            i.id()));
        }
        for (String file : OutputFiles.ALL) {
            Path path = files.file(file);
            if (Files.exists(path)) {
                System.out.println("  " + path);
            }
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

    /** A burst caused an incident if an incident naming its pair opened or was updated during it. */
    static boolean causedIncident(Burst burst, List<Incident> incidents) {
        return incidents.stream().anyMatch(i -> i.subjects().contains(burst.pair())
                && !i.updatedAt().isBefore(burst.first()) && !i.updatedAt().isAfter(burst.last().plusSeconds(60))
                && i.resolvedAt() == null);
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
