package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The step of replayed query_range files. Their samples are already window quantiles, one per step, and incident
 * timing counts in windows, so the step becomes the window, and all replayed files must share it.
 */
final class ReplayStep {

    private ReplayStep() {}

    static Duration of(Map<String, Path> files) {
        long step = 0;
        for (Path file : files.values()) {
            long fileStep = stepOf(file);
            if (step != 0 && step != fileStep) {
                throw new ConfigException("--query-range", List.of("the replayed files have different steps ("
                        + Duration.ofMillis(step) + " and " + Duration.ofMillis(fileStep)
                        + "). Fix: export them with the same step"));
            }
            step = fileStep;
        }
        return Duration.ofMillis(step);
    }

    private static long stepOf(Path file) {
        List<QueryRangeSample> samples;
        try (InputStream in = Files.newInputStream(file)) {
            samples = QueryRangeFiles.readSingleSeries(in, file.toString());
        } catch (IOException e) {
            throw new ConfigException("--query-range", List.of("cannot read '" + file + "': " + e.getMessage()
                    + ". Fix: check the path"));
        }
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).timestamp() <= samples.get(i - 1).timestamp()) {
                throw new ConfigException("--query-range", List.of("'" + file + "' goes back in time at point "
                        + (i + 1) + ". Fix: export points in time order"));
            }
        }
        if (samples.size() < 2) {
            throw new ConfigException("--query-range", List.of("'" + file
                    + "' has fewer than two points. Fix: export a longer range"));
        }
        long[] gaps = new long[samples.size() - 1];
        for (int i = 1; i < samples.size(); i++) {
            gaps[i - 1] = samples.get(i).timestamp() - samples.get(i - 1).timestamp();
        }
        Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }
}
