package io.incidentdetector.launcher.state;

import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.memory.ByteStreamStateHandle;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreCheckTest {

    /** A job of three operators with uids, at parallelism 2. */
    private static JobGraph job() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.fromData(1, 2, 3).uid("numbers").map(i -> i * 2).uid("double").sinkTo(new DiscardingSink<>()).uid("out");
        return env.getStreamGraph().getJobGraph();
    }

    private static OperatorID idOf(JobGraph job, String uid) {
        for (JobVertex vertex : job.getVertices()) {
            for (OperatorIDPair ids : vertex.getOperatorIDs()) {
                if (uid.equals(ids.getUserDefinedOperatorUid())) {
                    return ids.getGeneratedOperatorID();
                }
            }
        }
        throw new AssertionError("no operator " + uid);
    }

    private static OperatorState state(String uid, OperatorID id, int maxParallelism, boolean withState) {
        OperatorState state = new OperatorState(uid + " (name)", uid, id, Math.min(2, maxParallelism), maxParallelism);
        if (withState) {
            state.setCoordinatorState(new ByteStreamStateHandle("coordinator", new byte[] {1}));
        }
        return state;
    }

    @Test
    void stateOfAnOperatorTheJobNoLongerHasIsOrphanedUnlessItMayBeDropped() {
        JobGraph job = job();
        CheckpointMetadata checkpoint = new CheckpointMetadata(7, List.of(
                state("double", idOf(job, "double"), 128, true),
                state("gone", new OperatorID(), 128, true),
                state("gone-but-empty", new OperatorID(), 128, false)), List.of());

        RestoreCheck check = RestoreCheck.of(checkpoint, job, 2, false);
        assertThat(check.orphaned()).containsExactly("gone");
        assertThat(check.parallelism()).isEmpty();
        assertThat(check.restorable()).isFalse();
        assertThat(RestoreCheck.of(checkpoint, job, 2, true).restorable()).isTrue();
    }

    @Test
    void anOperatorMayNotRunAboveTheMaximumParallelismOfItsState() {
        JobGraph job = job();
        CheckpointMetadata checkpoint = new CheckpointMetadata(7, List.of(state("double", idOf(job, "double"), 1,
                true)), List.of());
        RestoreCheck check = RestoreCheck.of(checkpoint, job, 2, false);
        assertThat(check.parallelism()).containsExactly("double would run at parallelism 2, above the maximum of 1"
                + " its state was kept for");
    }
}
