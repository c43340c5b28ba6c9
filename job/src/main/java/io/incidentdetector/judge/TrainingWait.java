package io.incidentdetector.judge;

import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

import java.util.function.BiFunction;

/**
 * The windows of a pair that wait for its baseline from the training input, kept in the pair's keyed state: a
 * configured pair's, and with a history as training input any new pair's. The training source sends no watermark
 * until it has read every file, so until the watermark moves the baseline may still come.
 */
final class TrainingWait {

    private final ListState<WindowStats> waiting;
    private final boolean forNewPairs;

    /**
     * @param forNewPairs the training input also brings baselines of pairs nobody configured
     */
    TrainingWait(RuntimeContext runtime, boolean forNewPairs) {
        this.waiting = runtime.getListState(new ListStateDescriptor<>("awaiting-training",
                TypeInformation.of(WindowStats.class)));
        this.forNewPairs = forNewPairs;
    }

    /** The pair has no model yet, and one may come from the training input. */
    boolean expects(PairState state) {
        return state.model() == null && (state.configured() || forNewPairs);
    }

    void hold(WindowStats stats) throws Exception {
        waiting.add(stats);
    }

    /** The windows that waited, each through {@code judge} in the order they came; then none waits. */
    PairState release(PairState state, BiFunction<WindowStats, PairState, PairState> judge) throws Exception {
        for (WindowStats window : waiting.get()) {
            state = judge.apply(window, state);
        }
        waiting.clear();
        return state;
    }

    void clear() {
        waiting.clear();
    }
}
