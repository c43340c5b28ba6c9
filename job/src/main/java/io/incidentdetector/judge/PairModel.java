package io.incidentdetector.judge;

import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.model.BaselineSettings;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.model.OnlineBaseline;
import io.incidentdetector.window.WindowStats;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * What a pair's model makes of its windows, one at a time. A pair without a model observes its windows until it has
 * seen {@code warmup} (at least {@code warmup-windows}), then starts its model on them. A pair with a model has each
 * window judged against it, and the model keeps learning from it ({@link OnlineBaseline}: level, daily profile, band
 * from its own residuals, a lasting change becoming the new normal). With {@code phase-align} a trained model is read
 * at the training series' phase: the first live window lines up with the first training point, as the lab monitor
 * did; by default profiles are read by wall-clock time.
 */
final class PairModel implements Serializable {

    private static final long serialVersionUID = 1L;

    private final BaselineSettings settings;
    private final BaselineTrainer trainer;
    private final Duration window;
    private final int warmupWindows;

    PairModel(ModelConfig config, Duration window) {
        this.settings = BaselineSettings.of(config, window);
        this.trainer = new BaselineTrainer(config);
        this.window = window;
        this.warmupWindows = config.warmupWindowsAt(window);
    }

    /**
     * One window's outcome.
     *
     * @param state   the pair's state after the window
     * @param judged  the window was judged against a model (false while the pair learns)
     */
    record Step(PairState state, WindowVerdict verdict, boolean judged) {}

    /** Judges the window against the pair's model, or learns from it while the pair has none. */
    Step judge(WindowStats stats, PairState state) {
        OnlineBaseline model = state.model();
        if (model == null) {
            return learn(stats, state);
        }
        long t = stats.end().toEpochMilli();
        if (state.liveAnchor() == null) {
            state = state.withAnchor(t);
            if (settings.phaseAlign() && OnlineBaseline.TRAINED.equals(model.source)) {
                // the lab monitor's reading: the first live window lines up with the first training point
                model.alignPhaseTo(t);
            }
        }
        double y = stats.y();
        OnlineBaseline.Judgement j = model.judge(t, y, settings);
        double mae = Math.abs(y - j.yhat());
        Double mape = y == 0 ? null : mae / Math.abs(y);
        WindowVerdict verdict = new WindowVerdict(stats.end(), stats.pair(), stats.count(), y, j.yhat(), j.lower(),
                j.upper(), j.anomalous() ? 1 : 0, mae, mape, j.newNormal() ? WindowVerdict.NEW_NORMAL : model.source);
        return new Step(state, verdict, true);
    }

    private Step learn(WindowStats stats, PairState state) {
        WindowVerdict verdict = new WindowVerdict(stats.end(), stats.pair(), stats.count(), stats.y(), null, null,
                null, 0, null, null, WindowVerdict.LEARNING);
        double[] seen = Arrays.copyOf(state.warmup(), state.warmup().length + 1);
        seen[seen.length - 1] = stats.y();
        PairState next = seen.length < warmupWindows ? state.withWarmup(seen)
                : state.withModel(trainer.start(seen, stats.end().toEpochMilli(), window));
        return new Step(next, verdict, false);
    }
}
