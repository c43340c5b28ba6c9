package io.incidentdetector.evaluate;

import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.config.OutputConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.plan.RunRequest;
import io.incidentdetector.sink.OutputFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The runs of the job {@code evaluate} scores, all with one configuration: each into a folder of its own, quiet, at
 * parallelism 1 and without the verdicts file; each returns its plan and every incident record it wrote. The job
 * itself runs through a {@link Job} the launcher gives (a local MiniCluster).
 */
public final class EvaluationRuns {

    /** Runs a plan's job to its end. */
    @FunctionalInterface
    public interface Job {
        void execute(RunPlan plan) throws Exception;
    }

    /** A finished run: its plan, and the incident records it wrote in order. */
    public record Run(RunPlan plan, List<Incident> incidents) {}

    private final String config;
    private final Job job;
    private final UnaryOperator<JobConfig> change;

    /** Runs with {@code config}, a YAML file or the name of a bundled configuration. */
    public EvaluationRuns(String config, Job job) {
        this(config, job, UnaryOperator.identity());
    }

    private EvaluationRuns(String config, Job job, UnaryOperator<JobConfig> change) {
        this.config = config;
        this.job = job;
        this.change = change;
    }

    /** The same runs with {@code more} applied to the configuration read, before the run is planned and checked. */
    public EvaluationRuns changed(UnaryOperator<JobConfig> more) {
        return new EvaluationRuns(config, job, c -> more.apply(change.apply(c)));
    }

    /** A run of the built-in {@code scenario} with {@code seed}, output in {@code dir}. */
    public Run scenario(String scenario, long seed, Path dir) throws Exception {
        return run(RunRequest.scenario(config, scenario, seed), dir);
    }

    /** A replay of query_range exports by pair ({@code source:destination}), output in {@code dir}. */
    public Run replay(Map<String, Path> queryRange, Map<String, Path> training, Path dir) throws Exception {
        return run(RunRequest.replay(config, queryRange, training), dir);
    }

    private Run run(RunRequest request, Path dir) throws Exception {
        LoadedConfig loaded = ConfigLoader.read(request.config());
        RunPlan plan = RunPlans.from(request.quietlyTo(dir, 1), loaded.with(change.apply(loaded.config())));
        JobConfig config = plan.config().withOutput(new OutputConfig(dir.toString(), false));
        job.execute(new RunPlan(config, plan.location(), plan.configName(), plan.inputs(), true, false));
        List<Incident> incidents = new ArrayList<>();
        Path file = dir.resolve(OutputFiles.INCIDENTS);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                incidents.add(JsonCodec.mapper().readValue(line, Incident.class));
            }
        }
        return new Run(plan, incidents);
    }
}
