package io.incidentdetector.launcher;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.scenario.Scenario;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.TrainingExporter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export-training", mixinStandardHelpOptions = true,
        description = "Export a fault-free generator run as one Prometheus query_range file per pair.")
final class ExportTrainingCommand implements Callable<Integer> {
    @Option(names = "--window", defaultValue = "10s", converter = LocalLauncher.DurationConverter.class,
            description = "window (step) of the exported series; match latency.window (default: ${DEFAULT-VALUE})")
    Duration window;
    @Option(names = "--quantile", defaultValue = "0.5", description = "latency quantile; match latency.quantile (default: ${DEFAULT-VALUE})")
    double quantile;
    @Option(names = "--scenario", defaultValue = "normal", description = "scenario to run (default: ${DEFAULT-VALUE})")
    String scenario;
    @Option(names = "--seed", defaultValue = "7", description = "seed, different from the live one (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--duration", defaultValue = "2h", converter = LocalLauncher.DurationConverter.class,
            description = "length of the run (default: ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--start", defaultValue = "2025-12-31T22:00:00Z", description = "event time of the first point")
    Instant start;
    @Option(names = "--out", required = true, description = "folder for the files")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (ScenarioCatalog.boutique(scenario).isEmpty()) {
            throw new ConfigException("--scenario", List.of("'" + scenario + "' is not an Online Boutique scenario"
                    + " with service calls. Fix: use normal or transients"));
        }
        Scenario base = ScenarioCatalog.boutique(scenario).get();
        if (!base.faults().isEmpty()) {
            throw new ConfigException("--scenario", List.of("'" + scenario + "' injects faults; training data must"
                    + " be fault-free. Fix: use normal or transients"));
        }
        ScenarioConfig settings = ScenarioConfig.defaults().withName(scenario).withSeed(seed).withStart(start);
        List<Path> files = TrainingExporter.export(ScenarioCatalog.withDuration(base, duration), settings, window,
                quantile, out);
        files.forEach(f -> System.out.println("wrote " + f));
        return 0;
    }
}
