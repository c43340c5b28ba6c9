package io.incidentdetector.plan;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.scenario.CanaryScenario;
import io.incidentdetector.scenario.CanaryScenarios;

import org.apache.flink.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a run's inputs decide about its configuration: samples of a Prometheus server or of a query_range replay are a
 * step apart, and that step is the window; client errors are compared between the two builds their files hold, or
 * the scenario's when none are configured.
 */
final class InputFacts {

    private static final Logger LOG = LoggerFactory.getLogger(InputFacts.class);

    private InputFacts() {}

    static JobConfig apply(JobConfig config, InputPlan inputs) {
        if (inputs.prometheus().isPresent() && !config.prometheus().step().equals(config.latency().window())) {
            Duration before = config.latency().window();
            config = config.withLatency(config.latency().withWindow(config.prometheus().step()));
            LOG.info("Prometheus: one sample per pair every {} (prometheus.step), so that is the window instead of {}."
                    + " {}", TimeUtils.formatWithHighestUnit(config.prometheus().step()),
                    TimeUtils.formatWithHighestUnit(before), whatTheWindowMeans(config.latency()));
        }
        if (inputs instanceof InputPlan.Files files && !files.queryRange().isEmpty() && files.events().isEmpty()) {
            Duration step = ReplayStep.of(files.queryRange());
            if (!step.equals(config.latency().window())) {
                Duration before = config.latency().window();
                config = config.withLatency(config.latency().withWindow(step));
                LOG.info("query_range replay: samples are {} apart, so that is the window instead of {}. {}",
                        TimeUtils.formatWithHighestUnit(step), TimeUtils.formatWithHighestUnit(before),
                        whatTheWindowMeans(config.latency()));
            }
        }
        if (!inputs.canary()) {
            return config;
        }
        CanaryConfig canary = config.canary();
        if (inputs instanceof InputPlan.Files files) {
            String[] builds = BuildInference.builds(canary, files.errorsCsv(), files.errorsJson());
            return config.withCanary(canary.withBuilds(builds[0], builds[1]));
        }
        if (canary.baselineBuild() != null) {
            return config;
        }
        Optional<CanaryScenario> scenario = CanaryScenarios.find(config.scenario().name());
        if (inputs instanceof InputPlan.Kafka) {
            CanaryScenario known = scenario.orElseThrow(() -> new ConfigException("canary.baseline-build", List.of(
                    "client errors read from Kafka need the two builds to compare. Fix: set canary.baseline-build and"
                            + " canary.canary-build")));
            LOG.info("canary.baseline-build and canary.canary-build are not set: comparing the builds of scenario"
                    + " '{}', {} (canary) against {} (baseline)", known.name(), known.canaryBuild(),
                    known.baselineBuild());
            return config.withCanary(canary.withBuilds(known.baselineBuild(), known.canaryBuild()));
        }
        JobConfig withoutBuilds = config;
        return scenario.map(s -> withoutBuilds.withCanary(canary.withBuilds(s.baselineBuild(), s.canaryBuild())))
                .orElse(withoutBuilds);
    }

    /** The thresholds in samples of this window, for people: the configuration says them in time. */
    static String whatTheWindowMeans(LatencyConfig latency) {
        double units = latency.accumulator().unitsPer(latency.window());
        int hotAfter = (int) Math.floor(latency.accumulator().defaultThreshold() / units) + 1;
        int openAfter = latency.incidents().openAfterWindows(latency.window());
        int resolveAfter = latency.incidents().resolveAfterWindows(latency.window());
        int warmup = latency.model().warmupWindowsAt(latency.window());
        return String.format(Locale.ROOT, "A pair without training learns from its first %d samples. A"
                + " sample well beyond its band adds %s heat units (latency.accumulator.unit"
                + " %s; one just outside adds a share of them); a pair is hot after %d such sample%s in a row; an incident opens after %d hot sample%s and"
                + " resolves after %d cool sample%s.", warmup, units == Math.rint(units) ? String.valueOf((long) units)
                : String.format(Locale.ROOT, "%.2f", units),
                TimeUtils.formatWithHighestUnit(latency.accumulator().unit()), hotAfter, hotAfter == 1 ? "" : "s",
                openAfter, openAfter == 1 ? "" : "s", resolveAfter, resolveAfter == 1 ? "" : "s");
    }
}
