package io.incidentdetector.model;

import io.incidentdetector.config.ModelConfig;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Series that are not latencies: mostly 0, or idle with bursts a thousand times higher. The band is read as the model
 * sees values (below the pair's floor they are the floor), and a side whose edge the residual histogram cannot place
 * does not judge.
 */
class NearZeroAndBurstySeriesTest {

    private static final ModelConfig CONFIG = ModelConfig.defaults();
    private static final long STEP = 300_000L;

    @Test
    void theFloorIsAShareOfTheMeanOfTheValuesTheModelStartedOn() {
        assertThat(BaselineTrainer.floorOf(new double[] {0, 0, 300})).isEqualTo(1.0);
        assertThat(BaselineTrainer.floorOf(new double[] {0, 0, 0})).isZero();
        OnlineBaseline model = new BaselineTrainer(CONFIG).train(times(3), new double[] {30, 34, 38});
        assertThat(model.floor()).isEqualTo(0.34, within(1e-9));
    }

    @Test
    void aZeroOnASeriesThatSitsAtZeroIsInBand() {
        int n = 288;
        double[] values = new double[n];
        values[10] = 1e-4;
        values[20] = 2e-4;
        OnlineBaseline model = new BaselineTrainer(CONFIG).train(times(n), values);
        for (int i = 0; i < 50; i++) {
            assertThat(model.judge((n + i) * STEP, 0, BaselineSettings.of(CONFIG, Duration.ofMillis(STEP)))
                    .anomalous()).as("a 0 at window %d", i).isFalse();
        }
    }

    @Test
    void aSideWhoseEdgeLiesBeyondWhatTheHistogramMeasuresDoesNotJudge() {
        BaselineSettings settings = BaselineSettings.of(CONFIG, Duration.ofMillis(STEP));
        // a spread of 2.5 in log units: a fifth of the residuals beyond a factor of 20 either way (bursty, idle)
        OnlineBaseline bursty = OnlineBaseline.start(OnlineBaseline.TRAINED, 1, 2.5, 0, 0, 0, settings);
        assertThat(bursty.judge(STEP, 1000, settings).anomalous()).as("1000x, bursty").isFalse();
        assertThat(bursty.judge(2 * STEP, 0.001, settings).anomalous()).as("1/1000, bursty").isFalse();
        // the same values on a series whose band the histogram does measure
        OnlineBaseline steady = OnlineBaseline.start(OnlineBaseline.TRAINED, 1, 0.5, 0, 0, 0, settings);
        assertThat(steady.judge(STEP, 1000, settings).anomalous()).as("1000x, steady").isTrue();
        assertThat(steady.judge(2 * STEP, 0.001, settings).anomalous()).as("1/1000, steady").isTrue();
    }

    private static long[] times(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * STEP;
        }
        return t;
    }
}
