package io.incidentdetector.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a user asked for on the command line, before anything is read: every field overrides the YAML configuration
 * when set (null, false or empty otherwise). Free of command-line parser types, so that the plan, not the parser,
 * decides what a request means.
 *
 * @param config     a YAML file, or the name of a bundled configuration
 * @param alertmanager Alertmanager URLs that turn {@code alertmanager.enabled} on and replace its urls; empty: as
 *                   configured
 * @param onCluster  the cluster decides the parallelism unless {@code parallelism} is given
 */
public record RunRequest(
        String config,
        String scenario,
        Long seed,
        Path out,
        List<Path> events,
        Map<String, Path> queryRange,
        Map<String, Path> training,
        List<Path> errorsCsv,
        List<Path> errors,
        String mode,
        Integer bins,
        Double threshold,
        List<Integer> thresholdBins,
        boolean kafka,
        String bootstrapServers,
        boolean bounded,
        List<String> alertmanager,
        Integer parallelism,
        boolean table,
        boolean quiet,
        boolean onCluster,
        String prometheus) {

    public RunRequest {
        config = config == null ? "local.yaml" : config;
        events = events == null ? List.of() : List.copyOf(events);
        queryRange = queryRange == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(queryRange));
        training = training == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(training));
        errorsCsv = errorsCsv == null ? List.of() : List.copyOf(errorsCsv);
        errors = errors == null ? List.of() : List.copyOf(errors);
        alertmanager = alertmanager == null ? List.of() : List.copyOf(alertmanager);
        thresholdBins = thresholdBins == null ? null : List.copyOf(thresholdBins);
    }

    /**
     * A local run of the built-in {@code scenario} with {@code seed} (null: the configuration's); everything else as
     * {@code config} says.
     */
    public static RunRequest scenario(String config, String scenario, Long seed) {
        return local(config, scenario, seed, Map.of(), Map.of());
    }

    /**
     * A local replay of query_range exports, by pair ({@code source:destination}), with training exports when given;
     * everything else as {@code config} says.
     */
    public static RunRequest replay(String config, Map<String, Path> queryRange, Map<String, Path> training) {
        return local(config, null, null, queryRange, training);
    }

    private static RunRequest local(String config, String scenario, Long seed, Map<String, Path> queryRange,
            Map<String, Path> training) {
        return new RunRequest(config, scenario, seed, null, null, queryRange, training, null, null, null, null, null,
                null, false, null, false, null, null, false, false, false, null);
    }

    /** This request writing to {@code out} at {@code parallelism}, with no incident on the console. */
    public RunRequest quietlyTo(Path out, int parallelism) {
        return new RunRequest(config, scenario, seed, out, events, queryRange, training, errorsCsv, errors, mode, bins,
                threshold, thresholdBins, kafka, bootstrapServers, bounded, alertmanager, parallelism, table, true,
                onCluster, prometheus);
    }

    boolean hasLatencyFiles() {
        return !events.isEmpty() || !queryRange.isEmpty();
    }

    boolean hasCanaryFiles() {
        return !errorsCsv.isEmpty() || !errors.isEmpty();
    }

    boolean asksForKafka() {
        return kafka || bootstrapServers != null || bounded;
    }
}
