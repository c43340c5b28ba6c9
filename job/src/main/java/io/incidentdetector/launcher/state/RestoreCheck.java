package io.incidentdetector.launcher.state;

import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether Flink can map a checkpoint's state onto a job, decided before the job is submitted and by Flink's own rules
 * for restoring a savepoint: every operator that has state in the checkpoint must exist in the job (unless that state
 * may be dropped), and no operator may run at more than the maximum parallelism its state was kept for.
 *
 * @param orphaned    operators (by uid) whose state has no place in the job
 * @param parallelism operators whose parallelism their state does not allow, with why
 */
record RestoreCheck(List<String> orphaned, List<String> parallelism) {

    static CheckpointMetadata load(RetainedCheckpoint checkpoint) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(checkpoint.dir().resolve("_metadata"))))) {
            return Checkpoints.loadCheckpointMetadata(in, RestoreCheck.class.getClassLoader(),
                    new org.apache.flink.core.fs.Path(checkpoint.dir().toUri()).toString());
        }
    }

    static RestoreCheck of(CheckpointMetadata checkpoint, JobGraph job, int defaultParallelism, boolean dropUnmapped) {
        Map<OperatorID, JobVertex> vertices = new HashMap<>();
        for (JobVertex vertex : job.getVertices()) {
            for (OperatorIDPair ids : vertex.getOperatorIDs()) {
                vertices.put(ids.getGeneratedOperatorID(), vertex);
                ids.getUserDefinedOperatorID().ifPresent(id -> vertices.put(id, vertex));
            }
        }
        List<String> orphaned = new ArrayList<>();
        List<String> parallelism = new ArrayList<>();
        for (OperatorState state : checkpoint.getOperatorStates()) {
            JobVertex vertex = vertices.get(state.getOperatorID());
            if (vertex == null) {
                if (hasState(state) && !dropUnmapped) {
                    orphaned.add(name(state));
                }
                continue;
            }
            int kept = state.getMaxParallelism();
            int runs = vertex.getParallelism() > 0 ? vertex.getParallelism() : defaultParallelism;
            if (vertex.getMaxParallelism() > 0 && vertex.getMaxParallelism() != kept) {
                parallelism.add(name(state) + " has a maximum parallelism of " + vertex.getMaxParallelism()
                        + ", but its state was kept for " + kept);
            } else if (runs > kept) {
                parallelism.add(name(state) + " would run at parallelism " + runs + ", above the maximum of " + kept
                        + " its state was kept for");
            }
        }
        return new RestoreCheck(List.copyOf(orphaned), List.copyOf(parallelism));
    }

    boolean restorable() {
        return orphaned.isEmpty() && parallelism.isEmpty();
    }

    private static boolean hasState(OperatorState state) {
        return state.getCoordinatorState() != null
                || state.getStates().stream().anyMatch(OperatorSubtaskState::hasState);
    }

    private static String name(OperatorState state) {
        return state.getOperatorUid().filter(uid -> !uid.isBlank())
                .or(state::getOperatorName)
                .orElse(state.getOperatorID().toHexString());
    }
}
