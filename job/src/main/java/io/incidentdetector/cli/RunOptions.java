package io.incidentdetector.cli;

import io.incidentdetector.plan.RunRequest;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Options of a run, shared by the local launcher and the cluster entry point; every option overrides the YAML. */
public final class RunOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "job configuration YAML, or the name of a bundled one (default: ${DEFAULT-VALUE})",
            defaultValue = "local.yaml")
    public String config = "local.yaml";

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "built-in scenario to generate, e.g. demo, single-delay, mesh, canary-regression (the"
                    + " `scenarios` command lists them all)")
    public String scenario;

    @Option(names = "--seed", paramLabel = "N", description = "generator seed (same seed, same events)")
    public Long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: output.dir of the config)")
    public Path out;

    @Option(names = "--events", paramLabel = "FILE", description = "read service-call events from a JSON-lines file (repeatable)")
    public List<Path> events = new ArrayList<>();

    @Option(names = "--query-range", paramLabel = "SOURCE:DESTINATION=FILE",
            description = "replay a Prometheus query_range export as the pair's observed y (repeatable)")
    public Map<String, Path> queryRange = new LinkedHashMap<>();

    @Option(names = "--training", paramLabel = "SOURCE:DESTINATION=FILE",
            description = "train the pair's baseline from this query_range file (repeatable)")
    public Map<String, Path> training = new LinkedHashMap<>();

    @Option(names = "--errors-csv", paramLabel = "FILE",
            description = "read client errors from a seed-format CSV file (H:MM:SS times, tab or comma; repeatable)")
    public List<Path> errorsCsv = new ArrayList<>();

    @Option(names = "--errors", paramLabel = "FILE", description = "read client errors from a JSON-lines file (repeatable)")
    public List<Path> errors = new ArrayList<>();

    @Option(names = "--mode", paramLabel = "MODE", description = "canary comparison: rate (default) or seed-compatible")
    public String mode;

    @Option(names = "--bins", paramLabel = "SECONDS", description = "canary bin length in seconds")
    public Integer bins;

    @Option(names = "--threshold", paramLabel = "X", description = "canary alert threshold")
    public Double threshold;

    @Option(names = "--threshold-bins", paramLabel = "N,N", split = ",",
            description = "canary window lengths in bins, e.g. 5,10")
    public List<Integer> thresholdBins;

    @Option(names = "--kafka",
            description = "read events from and write results to Kafka, as configured under kafka: (see docs/kafka.md)")
    public boolean kafka;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka brokers (default: kafka.bootstrap-servers); implies --kafka")
    public String bootstrapServers;

    @Option(names = "--prometheus", paramLabel = "URL",
            description = "read the latency of every pair from this Prometheus server (prometheus.query), and train"
                    + " each pair on its history (see docs/prometheus.md)")
    public String prometheus;

    @Option(names = "--bounded",
            description = "with --kafka: stop at the offsets that are the latest at start-up (a replay), not run on")
    public boolean bounded;

    @Option(names = "--alertmanager", paramLabel = "URL", split = ",",
            description = "send incidents to this Alertmanager (repeatable; default: alertmanager.urls when"
                    + " alertmanager.enabled), see docs/alertmanager.md")
    public List<String> alertmanager = new ArrayList<>();

    @Option(names = "--parallelism", paramLabel = "N", description = "job parallelism (default: job.parallelism)")
    public Integer parallelism;

    @Option(names = "--table", description = "print every window verdict as a table row (Timestamp, Anomalies, MAE, MAPE)")
    public boolean table;

    @Option(names = "--quiet",
            description = "do not print incidents, alerts or (a local run longer than 15 s) the progress line to the"
                    + " console")
    public boolean quiet;

    /** The request these options make, for a local run. */
    public RunRequest toRequest() {
        return request(false);
    }

    /** The request these options make on a cluster, whose parallelism applies unless --parallelism is given. */
    public RunRequest toClusterRequest() {
        return request(true);
    }

    private RunRequest request(boolean onCluster) {
        return new RunRequest(config, scenario, seed, out, events, queryRange, training, errorsCsv, errors, mode, bins,
                threshold, thresholdBins, kafka, bootstrapServers, bounded, alertmanager, parallelism, table, quiet,
                onCluster, prometheus);
    }
}
