package io.incidentdetector;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.LeftOpenIncidents;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.plan.StartupChecks;
import io.incidentdetector.plan.TransactionalIdClaim;

import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;

import java.time.Instant;
import java.util.List;

/**
 * Entry point of the cluster job jar ({@code flink run incident-detector.jar --config FILE ...}). Takes the same
 * options as the local launcher; the parallelism is the cluster's unless {@code --parallelism} is given.
 */
public final class IncidentDetectorJob {

    private IncidentDetectorJob() {}

    public static void main(String[] args) throws Exception {
        RunOptions options = new RunOptions();
        new CommandLine(options).parseArgs(args);
        RunPlan plan = RunPlans.from(options.toClusterRequest());
        StartupChecks.run(plan);
        // held while this client waits for the job: `flink run --detached` holds it only until the job is submitted
        try (AutoCloseable claim = StartupChecks.claim(plan, TransactionalIdClaim.thisProcess())) {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            // without a savepoint (flink run -s) the job starts without state
            boolean resuming = env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent();
            List<Incident> leftOpen = resuming ? List.of() : LeftOpenIncidents.resolutions(plan,
                    KafkaClientProperties.of(plan.config().kafka()), Instant.now());
            LeftOpenIncidents.line(leftOpen).ifPresent(System.out::println);
            JobAssembly.define(env, plan, false, leftOpen);
            env.execute(plan.config().job().name());
        }
    }
}
