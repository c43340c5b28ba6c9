package io.incidentdetector.evaluate;

import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A NAB folder ({@link NabDataSet}) through the job: each series replayed as one pair {@code nab->FILE}, its
 * probationary rows ({@link NabScorer#probationaryRows}) as the pair's training export and the rest live, each series
 * a run of its own; a row whose time is not after the previous row's (NAB's files repeat a time at a daylight-saving
 * change) is not replayed, but still scored. The detections are the records that say something (opened, or updated:
 * hotter, or hot again after a partial cool-down), each at the row of the sample it was said at; {@link NabScorer}
 * scores them.
 */
public final class NabBenchmark {

    /** The pair's caller; the callee is the file name without {@code .csv}. */
    static final String SOURCE = "nab";

    /** One series' detections, the row each fell on, and its score. */
    public record FileResult(NabScorer.FileScore score, List<Instant> detections) {}

    /** Every series scored, and NAB's normalised total over them. */
    public record Result(List<FileResult> files, double total, double nullTotal, int windows, double normalised) {}

    private final NabProfile profile;

    public NabBenchmark(NabProfile profile) {
        this.profile = profile;
    }

    /** Replays every series with {@code runs}, each into a folder of {@code dir}, and scores them. */
    public Result run(List<NabDataSet.Series> series, EvaluationRuns runs, Path dir) throws Exception {
        NabScorer scorer = new NabScorer(profile);
        List<FileResult> files = new ArrayList<>();
        double total = 0;
        double nullTotal = 0;
        int windows = 0;
        for (NabDataSet.Series s : series) {
            String callee = s.file().endsWith(".csv") ? s.file().substring(0, s.file().length() - 4) : s.file();
            String pair = SOURCE + "->" + callee;
            Path folder = dir.resolve(callee);
            Files.createDirectories(folder);
            int probation = NabScorer.probationaryRows(s.timestamps().size());
            Path training = write(folder.resolve("training.json"), callee, s, 0, probation);
            Path live = write(folder.resolve("live.json"), callee, s, probation, s.timestamps().size());
            List<Incident> incidents = runs.replay(Map.of(pair, live), Map.of(pair, training), folder.resolve("run"))
                    .incidents();
            List<Instant> detections = detections(incidents);
            NabScorer.FileScore score = scorer.score(s.file(), s.timestamps(), s.windows(),
                    rows(s.timestamps(), detections));
            files.add(new FileResult(score, detections));
            total += score.score();
            nullTotal += scorer.score(s.file(), s.timestamps(), s.windows(), Collections.emptySet()).score();
            windows += s.windows().size();
        }
        return new Result(files, total, nullTotal, windows,
                NabScorer.normalised(total, nullTotal, windows, profile));
    }

    /** When each record that says something was said: opened, or updated. */
    static List<Instant> detections(List<Incident> incidents) {
        return incidents.stream().filter(r -> r.status() != IncidentStatus.RESOLVED)
                .map(r -> r.status() == IncidentStatus.OPEN ? r.openedAt() : r.updatedAt()).sorted().toList();
    }

    /**
     * The row of each detection: the last sample at or before it, the one the job had seen when it said it (of rows
     * that repeat a time, the first, the one replayed).
     */
    static TreeSet<Integer> rows(List<Instant> timestamps, List<Instant> detections) {
        TreeSet<Integer> rows = new TreeSet<>();
        for (Instant t : detections) {
            int row = -1;
            for (int i = 0; i < timestamps.size() && !timestamps.get(i).isAfter(t); i++) {
                row = row >= 0 && timestamps.get(i).equals(timestamps.get(row)) ? row : i;
            }
            if (row >= 0) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static Path write(Path file, String callee, NabDataSet.Series s, int from, int to) throws IOException {
        List<QueryRangeSample> samples = new ArrayList<>();
        for (int i = from; i < to; i++) {
            boolean repeatsTime = i > 0 && !s.timestamps().get(i).isAfter(s.timestamps().get(i - 1));
            if (Double.isFinite(s.values().get(i)) && !repeatsTime) {
                samples.add(new QueryRangeSample(s.timestamps().get(i).toEpochMilli(), s.values().get(i)));
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("source_workload", SOURCE);
        labels.put("destination_workload", callee);
        try (OutputStream out = Files.newOutputStream(file)) {
            QueryRangeFiles.writeSingleSeries(out, labels, samples);
        }
        return file;
    }
}
