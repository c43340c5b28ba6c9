package io.incidentdetector.launcher.state;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.plan.RunPlans;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeptStateTest {

    private static StateOptions in(Path dir, boolean fresh) {
        StateOptions options = new StateOptions();
        options.stateDir = dir;
        options.fresh = fresh;
        return options;
    }

    @Test
    void aGeneratorOrFileRunKeepsNoState(@TempDir Path dir) {
        assertThat(KeptState.of(RunPlans.from(new RunOptions().toRequest()), in(dir, false))).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aFirstKafkaRunStartsFreshAndCheckpointsIntoItsFolderUnderAFixedJobId(@TempDir Path dir) throws Exception {
        try (KeptState state = KeptState.of(TopologyFingerprintTest.kafkaRun(null), in(dir, false)).orElseThrow()) {
            assertThat(state.resuming()).isFalse();
            Configuration conf = new Configuration();
            state.configure(conf);
            assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .isEqualTo(dir.resolve("checkpoints").toUri().toString());
            assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                    .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            assertThat(conf.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isEqualTo(3);
            assertThat(conf.get(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID))
                    .isEqualTo(KeptState.jobId("incident-detector").toHexString());
            assertThat(conf.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
            assertThat(state.begin(null, 2)).isEqualTo("state: started fresh (no checkpoint in " + dir + ")");
            assertThat(dir.resolve("topology.properties")).content().contains("input=kafka");
        }
        assertThat(KeptState.jobId("a")).isEqualTo(KeptState.jobId("a")).isNotEqualTo(KeptState.jobId("b"));
    }

    /**
     * A kept checkpoint (real metadata, of a job whose operators had no state) is resumed in claim mode; older ones
     * go; and a failure before the resumed job completed a checkpoint of its own points at --fresh.
     */
    @Test
    void aKafkaRunResumesTheNewestCheckpoint(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("checkpoints/" + KeptState.jobId("incident-detector"));
        Path older = metadata(job, 4, Instant.parse("2026-05-03T10:20:26Z"));
        Path newest = metadata(job, 5, Instant.parse("2026-05-03T10:20:31Z"));
        try (KeptState state = KeptState.of(TopologyFingerprintTest.kafkaRun(null), in(dir, false)).orElseThrow()) {
            assertThat(state.resuming()).isTrue();
            Configuration conf = new Configuration();
            state.configure(conf);
            assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo(newest.toUri().toString());
            assertThat(conf.get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.CLAIM);
            assertThat(state.begin(new JobGraph("empty"), 2)).isEqualTo("state: resumed from checkpoint 5 of"
                    + " 2026-05-03T10:20:31Z (" + dir + ")");
            assertThat(older).doesNotExist();
            assertThat(state.failureHint()).hasValueSatisfying(hint -> assertThat(hint)
                    .contains("before it completed a checkpoint after resuming from checkpoint 5").contains("--fresh"));
            metadata(job, 6, Instant.parse("2026-05-03T10:20:36Z"));
            assertThat(state.failureHint()).as("the resumed job made progress").isEmpty();
        }
    }

    @Test
    void anUnreadableCheckpointIsSetAsideAndTheOneBeforeItResumed(@TempDir Path dir) throws Exception {
        Path job = dir.resolve("checkpoints/" + KeptState.jobId("incident-detector"));
        metadata(job, 4, Instant.parse("2026-05-03T10:20:26Z"));
        Path broken = StateDirectoryTest.checkpoint(job, 5, Instant.parse("2026-05-03T10:20:31Z"));
        try (KeptState state = KeptState.of(TopologyFingerprintTest.kafkaRun(null), in(dir, false)).orElseThrow()) {
            assertThat(state.begin(new JobGraph("empty"), 2)).startsWith("state: resumed from checkpoint 4 of"
                    + " 2026-05-03T10:20:26Z").contains("; set aside: checkpoint 5 cannot be read (");
            assertThat(broken).doesNotExist();
        }
    }

    /** Flink would map the state of a live run onto a replay, but the restored source would never end. */
    @Test
    void aLiveRunsStateIsNotResumedAsAReplay(@TempDir Path dir) throws Exception {
        metadata(dir.resolve("checkpoints/" + KeptState.jobId("incident-detector")), 5, Instant.now());
        TopologyFingerprint.of(TopologyFingerprintTest.kafkaRun(null)).write(dir.resolve("topology.properties"));
        RunOptions replay = new RunOptions();
        replay.kafka = true;
        replay.bounded = true;
        try (KeptState state = KeptState.of(RunPlans.from(replay.toRequest()), in(dir, false)).orElseThrow()) {
            assertThatThrownBy(() -> state.begin(new JobGraph("empty"), 2))
                    .isInstanceOf(StateRefusedException.class)
                    .hasMessageContaining("kafka.bounded: false -> true cannot change on a resumed job")
                    .hasMessageContaining("Fix: start with --fresh");
        }
    }

    private static Path metadata(Path job, long id, Instant completed) throws Exception {
        Path folder = Files.createDirectories(job.resolve("chk-" + id));
        Path file = folder.resolve("_metadata");
        try (OutputStream out = Files.newOutputStream(file)) {
            Checkpoints.storeCheckpointMetadata(new CheckpointMetadata(id, List.of(), List.of()), out);
        }
        Files.setLastModifiedTime(file, FileTime.from(completed));
        return folder;
    }

    @Test
    void freshSetsTheKeptStateAside(@TempDir Path dir) throws Exception {
        StateDirectoryTest.checkpoint(dir.resolve("checkpoints/0123"), 4, Instant.now());
        try (KeptState state = KeptState.of(TopologyFingerprintTest.kafkaRun(null), in(dir, true)).orElseThrow()) {
            assertThat(state.resuming()).isFalse();
            assertThat(state.begin(null, 2)).startsWith("state: started fresh (--fresh; the previous state is kept"
                    + " in " + dir.resolve("set-aside") + "/");
        }
    }
}
