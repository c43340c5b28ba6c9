package io.incidentdetector.judge;

import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.util.HashMap;
import java.util.Map;

/**
 * The cap on pairs tracked at once ({@code latency.max-pairs}), enforced by each parallel instance for the key groups
 * it owns: its share is {@code max-pairs} times its share of the key groups, so the shares add up to the cap
 * exactly and no instance needs to ask another. Counts are kept per key group in union operator state, so after a
 * rescale every instance takes the counts of the key groups it now owns. With uneven hashing an instance may
 * refuse a pair while another still has room: a few pairs fewer than the cap may be tracked.
 */
final class PairAdmission {

    private final long maxPairs;
    private final Map<Integer, Integer> countByKeyGroup = new HashMap<>();
    private int maxParallelism;
    private KeyGroupRange owned;
    private long budget;
    private long tracked;
    private ListState<Long> checkpointed;

    PairAdmission(long maxPairs) {
        this.maxPairs = maxPairs;
    }

    /** Restores the counts of the key groups this instance owns. */
    void initialize(OperatorStateStore store, boolean restored, TaskInfo task) throws Exception {
        maxParallelism = task.getMaxNumberOfParallelSubtasks();
        owned = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism,
                task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        budget = maxPairs * (owned.getEndKeyGroup() + 1L) / maxParallelism
                - maxPairs * (long) owned.getStartKeyGroup() / maxParallelism;
        checkpointed = store.getUnionListState(new ListStateDescriptor<>("pairs-per-key-group", Types.LONG));
        countByKeyGroup.clear();
        tracked = 0;
        if (restored) {
            for (Long entry : checkpointed.get()) {
                int keyGroup = (int) (entry >>> 32);
                int count = (int) (long) entry;
                if (owned.contains(keyGroup)) {
                    countByKeyGroup.merge(keyGroup, count, Integer::sum);
                    tracked += count;
                }
            }
        }
    }

    void snapshot() throws Exception {
        checkpointed.clear();
        for (Map.Entry<Integer, Integer> entry : countByKeyGroup.entrySet()) {
            checkpointed.add(((long) entry.getKey() << 32) | entry.getValue());
        }
    }

    /** Counts a new pair in if there is room; false when this instance's share of the cap is used up. */
    boolean admit(String pair) {
        if (tracked >= budget) {
            return false;
        }
        force(pair);
        return true;
    }

    /** Counts a pair in whatever the cap (a configured pair). */
    void force(String pair) {
        countByKeyGroup.merge(keyGroup(pair), 1, Integer::sum);
        tracked++;
    }

    void release(String pair) {
        int keyGroup = keyGroup(pair);
        Integer count = countByKeyGroup.get(keyGroup);
        if (count != null) {
            if (count <= 1) {
                countByKeyGroup.remove(keyGroup);
            } else {
                countByKeyGroup.put(keyGroup, count - 1);
            }
            tracked--;
        }
    }

    long tracked() {
        return tracked;
    }

    long budget() {
        return budget;
    }

    private int keyGroup(String pair) {
        return KeyGroupRangeAssignment.assignToKeyGroup(pair, maxParallelism);
    }
}
