package io.incidentdetector.launcher.state;

import io.incidentdetector.plan.InputPlan;
import io.incidentdetector.plan.RunPlan;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The state of a Kafka, OTLP or Prometheus run that the local launcher keeps between starts, in a
 * {@link StateDirectory}. The job checkpoints there under a job id fixed by its name, and its checkpoints outlive a
 * Ctrl-C, a kill or a reboot (the last {@value #RETAINED} are kept). The next start resumes from the newest complete
 * one, which it claims (Flink owns it from then on and deletes it once newer ones exist), unless Flink could not map
 * its state onto the job: then the start is refused, naming what changed and the ways on. File and generator runs
 * replay their input from the beginning and keep no state.
 */
public final class KeptState implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeptState.class);
    static final int RETAINED = 3;

    private final RunPlan plan;
    private final StateDirectory dir;
    private final StateOptions options;
    private final Optional<RetainedCheckpoint> resumeFrom;
    private final Optional<CheckpointMetadata> metadata;
    private final List<RetainedCheckpoint> unreadable;
    private final List<String> whyUnreadable;

    private KeptState(RunPlan plan, StateDirectory dir, StateOptions options, Optional<RetainedCheckpoint> resumeFrom,
            Optional<CheckpointMetadata> metadata, List<RetainedCheckpoint> unreadable, List<String> whyUnreadable) {
        this.plan = plan;
        this.dir = dir;
        this.options = options;
        this.resumeFrom = resumeFrom;
        this.metadata = metadata;
        this.unreadable = unreadable;
        this.whyUnreadable = whyUnreadable;
    }

    /** The state of this run, if it keeps any: takes the folder's lock and finds the checkpoint to resume from. */
    public static Optional<KeptState> of(RunPlan plan, StateOptions options) {
        if (!(plan.inputs() instanceof InputPlan.Kafka || plan.inputs() instanceof InputPlan.Prometheus)) {
            if (options.given()) {
                LOG.warn("--state-dir, --fresh and --allow-non-restored-state apply to Kafka, OTLP and Prometheus"
                        + " runs; a file or generator run replays its input from the beginning and keeps no state");
            }
            return Optional.empty();
        }
        String name = plan.config().job().name();
        StateDirectory dir = StateDirectory.open(options.stateDir != null ? options.stateDir
                : StateDirectory.defaultFor(name, System::getenv, System.getProperty("user.home")));
        List<RetainedCheckpoint> unreadable = new ArrayList<>();
        List<String> why = new ArrayList<>();
        if (!options.fresh) {
            for (RetainedCheckpoint checkpoint : dir.complete()) {
                try {
                    CheckpointMetadata metadata = RestoreCheck.load(checkpoint);
                    return Optional.of(new KeptState(plan, dir, options, Optional.of(checkpoint),
                            Optional.of(metadata), unreadable, why));
                } catch (IOException | RuntimeException e) {
                    unreadable.add(checkpoint);
                    why.add("checkpoint " + checkpoint.id() + " cannot be read (" + e.getMessage() + ")");
                }
            }
        }
        return Optional.of(new KeptState(plan, dir, options, Optional.empty(), Optional.empty(), unreadable, why));
    }

    /** The job resumes from a checkpoint (its output files continue; a fresh start replaces them). */
    public boolean resuming() {
        return resumeFrom.isPresent();
    }

    /** The state folder, which this launcher alone holds while it runs. */
    public Path folder() {
        return dir.path();
    }

    /** Checkpoints into the folder, kept on cancel and failure; and where to restore from, if resuming. */
    public void configure(Configuration conf) {
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.checkpoints().toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED);
        conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, jobId(plan.config().job().name()).toHexString());
        resumeFrom.ifPresent(checkpoint -> {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.dir().toUri().toString());
            conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, options.allowNonRestoredState);
        });
    }

    /**
     * Just before the job is submitted: refuses a checkpoint whose state Flink could not map onto {@code job};
     * otherwise tidies the folder (drops unfinished checkpoints, sets the old state aside for a fresh start), keeps
     * the run's fingerprint, and returns the start-up line that says how the run starts.
     */
    public String begin(JobGraph job, int parallelism) {
        TopologyFingerprint now = TopologyFingerprint.of(plan);
        Optional<TopologyFingerprint> before = TopologyFingerprint.read(dir.fingerprint());
        List<String> changes = before.map(now::changesSince).orElse(List.of());
        String line;
        if (resumeFrom.isPresent()) {
            RetainedCheckpoint checkpoint = resumeFrom.get();
            RestoreCheck check = RestoreCheck.of(metadata.orElseThrow(), job, parallelism,
                    options.allowNonRestoredState);
            List<String> fixed = before.map(now::fixedChangesSince).orElse(List.of());
            if (!check.restorable() || !fixed.isEmpty()) {
                throw new StateRefusedException(refusal(checkpoint, check, fixed, changes));
            }
            dir.dropIncomplete();
            dir.dropOlderThan(checkpoint);
            dir.setAside(Instant.now(), unreadable);
            line = "resumed from checkpoint " + checkpoint.id() + " of " + time(checkpoint.completedAt()) + " ("
                    + dir.path() + ")" + (changes.isEmpty() ? "" : "; changed since: " + String.join(", ", changes))
                    + (whyUnreadable.isEmpty() ? "" : "; set aside: " + String.join("; ", whyUnreadable));
        } else {
            dir.dropIncomplete();
            Optional<Path> aside = dir.setAside(Instant.now());
            String why = options.fresh ? "--fresh" : !whyUnreadable.isEmpty() ? String.join("; ", whyUnreadable)
                    : "no checkpoint in " + dir.path();
            line = "started fresh (" + why + aside.map(p -> "; the previous state is kept in " + p).orElse("") + ")";
        }
        now.write(dir.fingerprint());
        return "state: " + line;
    }

    /**
     * After the job failed: if it never completed a checkpoint since it resumed, the restore itself may be what
     * failed (state this version of the job cannot read); says how to start without it.
     */
    public Optional<String> failureHint() {
        if (resumeFrom.isEmpty()) {
            return Optional.empty();
        }
        long resumed = resumeFrom.get().id();
        boolean progressed = dir.complete().stream().anyMatch(c -> c.id() > resumed);
        return progressed ? Optional.empty() : Optional.of("the job failed before it completed a checkpoint after"
                + " resuming from checkpoint " + resumed + " in " + dir.path() + ". If it failed restoring that state,"
                + " start with --fresh (the state is set aside, not deleted)");
    }

    /** Lets go of the folder (the operating system does so too when the process ends). */
    @Override
    public void close() throws IOException {
        dir.close();
    }

    private String refusal(RetainedCheckpoint checkpoint, RestoreCheck check, List<String> fixed,
            List<String> changes) {
        List<String> reasons = new ArrayList<>();
        if (!check.orphaned().isEmpty()) {
            reasons.add("the checkpoint holds state of operators this job does not have, which Flink cannot map: "
                    + String.join(", ", check.orphaned()));
        }
        reasons.addAll(check.parallelism());
        fixed.forEach(change -> reasons.add(change + " cannot change on a resumed job: a restored Kafka source keeps"
                + " the bounds it was first started with (a live run's state makes a replay that never ends, a"
                + " replay's state a live run that stops)"));
        reasons.add(changes.isEmpty() ? "no setting the launcher keeps track of changed since (a new version of the"
                + " job?)" : "changed since that checkpoint: " + String.join(", ", changes));
        List<String> fixes = new ArrayList<>(List.of("start with --fresh (the state is moved to " + dir.path()
                        .resolve(StateDirectory.SET_ASIDE) + ", not deleted)",
                "run with the checkpoint's settings again"));
        if (!check.orphaned().isEmpty()) {
            fixes.add("resume without the state of those operators with --allow-non-restored-state (what `flink run"
                    + " --allowNonRestoredState` does with a savepoint)");
        }
        if (!check.parallelism().isEmpty()) {
            fixes.add("lower --parallelism");
        }
        return "cannot resume from checkpoint " + checkpoint.id() + " of " + time(checkpoint.completedAt()) + " in "
                + dir.path() + ":\n  - " + String.join("\n  - ", reasons) + "\n  Fix: " + String.join("; or ", fixes);
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The job id of every start of a job name: its checkpoints stay in one folder, numbered on from the last. */
    static JobID jobId(String jobName) {
        UUID uuid = UUID.nameUUIDFromBytes(("incident-detector/" + jobName).getBytes(StandardCharsets.UTF_8));
        return new JobID(uuid.getLeastSignificantBits(), uuid.getMostSignificantBits());
    }
}
