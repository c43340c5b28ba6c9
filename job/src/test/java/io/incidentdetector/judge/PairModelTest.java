package io.incidentdetector.judge;

import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.model.OnlineBaseline;
import io.incidentdetector.window.WindowStats;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PairModelTest {

    private static final Duration WINDOW = Duration.ofSeconds(10);

    private static ModelConfig config(boolean phaseAlign) {
        return ModelConfig.defaults().withWarmup(4, Duration.ZERO).withMinRelativeBand(0.01)
                .withPhaseAlign(phaseAlign, Duration.ofDays(1));
    }

    private static WindowStats stats(int window, double y) {
        Instant end = windowEnd(window);
        return new WindowStats(CART, end.minusSeconds(10), end, 20, y);
    }

    private static OnlineBaseline trained() {
        long[] times = new long[120];
        double[] values = new double[120];
        for (int i = 0; i < times.length; i++) {
            times[i] = windowEnd(1).toEpochMilli() - 86_400_000L + i * 60_000L;
            values[i] = 5 + 0.1 * (i % 3);
        }
        return new BaselineTrainer(config(false)).train(times, values);
    }

    @Test
    void aPairLearnsFromItsWarmupWindowsThenJudgesEachWindowAgainstTheModelStartedOnThem() {
        PairModel model = new PairModel(config(false), WINDOW);
        PairState state = PairState.fresh(false);
        double[] ys = {4.0, 4.2, 3.8, 4.1};
        for (int i = 0; i < ys.length; i++) {
            PairModel.Step step = model.judge(stats(i + 1, ys[i]), state);
            assertThat(step.judged()).isFalse();
            assertThat(step.verdict().model()).isEqualTo(WindowVerdict.LEARNING);
            assertThat(step.verdict().yhat()).isNull();
            assertThat(step.verdict().y()).isEqualTo(ys[i]);
            state = step.state();
        }
        assertThat(state.warmup()).as("the warm-up values go once the model starts").isEmpty();
        assertThat(state.model().source).isEqualTo(OnlineBaseline.LEARNED);
        assertThat(state.model().firstSeen).isEqualTo(windowEnd(4).toEpochMilli());

        PairModel.Step normal = model.judge(stats(5, 4.0), state);
        assertThat(normal.judged()).isTrue();
        assertThat(normal.verdict().model()).isEqualTo(OnlineBaseline.LEARNED);
        assertThat(normal.verdict().yhat()).as("the median of the four").isCloseTo(4.05, within(0.01));
        assertThat(normal.verdict().anomalyCount()).isZero();
        assertThat(normal.state().liveAnchor()).isEqualTo(windowEnd(5).toEpochMilli());

        PairModel.Step slow = model.judge(stats(6, 30.0), normal.state());
        assertThat(slow.verdict().anomalyCount()).isEqualTo(1);
        assertThat(slow.verdict().mae()).isCloseTo(30.0 - slow.verdict().yhat(), within(1e-9));
        assertThat(slow.verdict().mape()).isCloseTo(slow.verdict().mae() / 30.0, within(1e-9));
        assertThat(slow.verdict().yMin()).isLessThan(slow.verdict().yhat());
        assertThat(slow.verdict().yMax()).isLessThan(30.0);
    }

    @Test
    void aWarmupValueIsKeptUntilTheWarmupIsComplete() {
        PairState state = new PairModel(config(false), WINDOW).judge(stats(1, 4.0), PairState.fresh(false)).state();
        assertThat(state.model()).isNull();
        assertThat(state.warmup()).containsExactly(4.0);
    }

    @Test
    void aZeroWindowHasNoRelativeError() {
        PairState state = PairState.fresh(true).withModel(trained());
        WindowVerdict verdict = new PairModel(config(false), WINDOW).judge(stats(1, 0), state).verdict();
        assertThat(verdict.mape()).isNull();
        assertThat(verdict.mae()).isCloseTo(verdict.yhat(), within(1e-9));
    }

    @Test
    void withPhaseAlignATrainedModelIsReadFromItsFirstPointAtThePairsFirstLiveWindow() {
        long first = windowEnd(3).toEpochMilli();
        for (boolean align : new boolean[] {false, true}) {
            PairModel model = new PairModel(config(align), WINDOW);
            OnlineBaseline trained = trained();
            PairModel.Step step = model.judge(stats(3, 5.0), PairState.fresh(true).withModel(trained));
            assertThat(step.state().liveAnchor()).isEqualTo(first);
            assertThat(trained.phaseOffset).as("phase-align " + align).isEqualTo(align ? trained.firstSeen - first : 0);
            model.judge(stats(4, 5.0), step.state());
            assertThat(trained.phaseOffset).as("aligned once, on the first live window")
                    .isEqualTo(align ? trained.firstSeen - first : 0);
        }
    }

    @Test
    void aLearnedModelIsNeverPhaseAligned() {
        PairModel model = new PairModel(config(true), WINDOW);
        PairState state = PairState.fresh(false);
        for (int w = 1; w <= 5; w++) {
            state = model.judge(stats(w, 4.0), state).state();
        }
        assertThat(state.liveAnchor()).isEqualTo(windowEnd(5).toEpochMilli());
        assertThat(state.model().phaseOffset).isZero();
    }
}
