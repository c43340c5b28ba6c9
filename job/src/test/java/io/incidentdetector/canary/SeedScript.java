package io.incidentdetector.canary;

import io.incidentdetector.canary.alert.AlertStatus;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.event.SeedCsvErrorParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The error-stream script's loops, transcribed literally (seed-systems.md B2), as an oracle written independently
 * of the job: rows in file order become per-second vectors the way the script builds them (a second's vector is
 * appended when a row of a later second arrives, and nothing is flushed after the loop, so the last second is never
 * counted), then bins of {@code bins} seconds from 0:00:00 advance one bin per vector past the end, and every window
 * length in turn compares the mean of its last bins with the threshold.
 */
public final class SeedScript {

    /** One input row: seconds since 0:00:00, build, error code. */
    public record Row(int second, String build, int code) {}

    private SeedScript() {}

    /** The alert lines the script prints, as {@code "code wW start..stop mean"}, in its order. */
    public static List<String> alerts(List<Row> rows, String newBuild, int bins, double threshold, int[] windows) {
        // per-second aggregation, as the script's loop does it
        List<Integer> vectorSeconds = new ArrayList<>();
        List<Map<String, Long>> vectors = new ArrayList<>();
        Integer currentSecond = null;
        Map<String, Long> vector = new LinkedHashMap<>();
        TreeSet<Integer> codes = new TreeSet<>();
        for (Row row : rows) {
            if (currentSecond == null) {
                currentSecond = row.second();
            }
            if (row.second() != currentSecond) {
                vectorSeconds.add(currentSecond);
                vectors.add(vector);
                vector = new LinkedHashMap<>();
                currentSecond = row.second();
            }
            vector.merge(row.build() + "#" + row.code(), 1L, Long::sum);
        }
        // (the script does not append the last vector here)

        int[] sorted = windows.clone();
        java.util.Arrays.sort(sorted);
        List<String> lines = new ArrayList<>();
        List<Map<Integer, Long>> finished = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int binStart = 0;
        Map<Integer, Long> current = new LinkedHashMap<>();
        for (int i = 0; i < vectors.size(); i++) {
            int second = vectorSeconds.get(i);
            if (second >= binStart + bins) {
                finished.add(current);
                labels.add(binStart);
                for (int w : sorted) {
                    if (w > finished.size()) {
                        continue;
                    }
                    for (int code : codes) {
                        double sum = 0;
                        for (int b = finished.size() - w; b < finished.size(); b++) {
                            sum += finished.get(b).getOrDefault(code, 0L);
                        }
                        double mean = sum / w;
                        if (mean > threshold) {
                            lines.add(line(code, w, SeedCsvErrorParser.clock(labels.get(finished.size() - w)),
                                    SeedCsvErrorParser.clock(binStart), mean));
                        }
                    }
                }
                binStart += bins;
                current = new LinkedHashMap<>();
            }
            for (Map.Entry<String, Long> e : vectors.get(i).entrySet()) {
                String build = e.getKey().substring(0, e.getKey().indexOf('#'));
                int code = Integer.parseInt(e.getKey().substring(e.getKey().indexOf('#') + 1));
                codes.add(code);
                current.merge(code, build.equals(newBuild) ? e.getValue() : -e.getValue(), Long::sum);
            }
        }
        return lines;
    }

    static String line(int code, int window, String start, String stop, double mean) {
        return String.format(Locale.ROOT, "%d w%d %s..%s %.6f", code, window, start, stop, mean);
    }

    /** The job's non-CLEARED alerts in the script's words. */
    public static List<String> lines(List<CanaryAlert> alerts) {
        return alerts.stream().filter(a -> a.status() != AlertStatus.CLEARED)
                .map(a -> line(a.code(), a.window(), a.start(), a.stop(), a.value())).toList();
    }
}
