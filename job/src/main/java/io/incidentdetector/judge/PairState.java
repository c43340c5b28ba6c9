package io.incidentdetector.judge;

import io.incidentdetector.model.BaselineModel;

/**
 * Everything the job keeps about one pair between its windows, in one value so a window costs one state read and
 * one write. Small: a fitted model is a few coefficients and its band; the warm-up values exist only until the first
 * fit.
 *
 * @param model       the baseline; null while learning
 * @param liveAnchor  event time of the pair's first live window, for phase-aligned trained models; null before it
 * @param warmup      window values seen while learning (at most {@code warmup-windows})
 * @param lastSeen    event time of the pair's latest window
 * @param expiryTimer the one pending expiry timer; 0 when none
 * @param configured  a configured pair (with a training file): never forgotten, never refused
 * @param levelShift  how far a learned level has moved since its fit, following the pair's in-band windows
 */
public record PairState(BaselineModel model, Long liveAnchor, double[] warmup, long lastSeen, long expiryTimer,
        boolean configured, double levelShift) {

    static PairState fresh(boolean configured) {
        return new PairState(null, null, new double[0], Long.MIN_VALUE, 0, configured, 0);
    }

    PairState withModel(BaselineModel newModel) {
        return new PairState(newModel, liveAnchor, new double[0], lastSeen, expiryTimer, configured, 0);
    }

    PairState withAnchor(long anchor) {
        return new PairState(model, anchor, warmup, lastSeen, expiryTimer, configured, levelShift);
    }

    PairState withWarmup(double[] values) {
        return new PairState(model, liveAnchor, values, lastSeen, expiryTimer, configured, levelShift);
    }

    PairState seenAt(long time) {
        return new PairState(model, liveAnchor, warmup, Math.max(lastSeen, time), expiryTimer, configured, levelShift);
    }

    PairState withExpiryTimer(long timer) {
        return new PairState(model, liveAnchor, warmup, lastSeen, timer, configured, levelShift);
    }

    PairState withLevelShift(double shift) {
        return new PairState(model, liveAnchor, warmup, lastSeen, expiryTimer, configured, shift);
    }
}
