package io.incidentdetector.judge;

import io.incidentdetector.model.OnlineBaseline;

/**
 * Everything the job keeps about one pair between its windows, in one value so a window costs one state read and
 * one write. Small: the model is a level, a daily profile and a residual histogram (about 500 bytes); the warm-up
 * values exist only until the model starts.
 *
 * @param model       the baseline; null while learning
 * @param liveAnchor  event time of the pair's first live window (phase alignment of a trained model); null before it
 * @param warmup      window values seen while learning (at most {@code warmup-windows})
 * @param lastSeen    event time of the pair's latest window
 * @param expiryTimer the one pending expiry timer; 0 when none
 * @param configured  a configured pair (with a training file): never forgotten, never refused
 */
public record PairState(OnlineBaseline model, Long liveAnchor, double[] warmup, long lastSeen, long expiryTimer,
        boolean configured) {

    static PairState fresh(boolean configured) {
        return new PairState(null, null, new double[0], Long.MIN_VALUE, 0, configured);
    }

    /** The pair learns online from here on, like a discovered pair: no model, and it may be forgotten and refused. */
    PairState learnsOnline() {
        return new PairState(null, null, new double[0], lastSeen, expiryTimer, false);
    }

    /** Gone silent but keeps its model and phase, for when it comes back: not seen, no timer pending. */
    PairState forgottenKeepingModel() {
        return new PairState(model, liveAnchor, new double[0], Long.MIN_VALUE, 0, configured);
    }

    PairState withModel(OnlineBaseline newModel) {
        return new PairState(newModel, liveAnchor, new double[0], lastSeen, expiryTimer, configured);
    }

    PairState withAnchor(long anchor) {
        return new PairState(model, anchor, warmup, lastSeen, expiryTimer, configured);
    }

    PairState withWarmup(double[] values) {
        return new PairState(model, liveAnchor, values, lastSeen, expiryTimer, configured);
    }

    PairState seenAt(long time) {
        return new PairState(model, liveAnchor, warmup, Math.max(lastSeen, time), expiryTimer, configured);
    }

    PairState withExpiryTimer(long timer) {
        return new PairState(model, liveAnchor, warmup, lastSeen, timer, configured);
    }
}
