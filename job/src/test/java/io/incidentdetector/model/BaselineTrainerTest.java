package io.incidentdetector.model;

import io.incidentdetector.config.ModelConfig;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BaselineTrainerTest {

    private static final long STEP = 30_000L;
    private static final ModelConfig CONFIG = ModelConfig.defaults();
    private static final BaselineSettings SETTINGS = BaselineSettings.of(CONFIG, Duration.ofMillis(STEP));

    @Test
    void theStartIgnoresSpikesAndIncidentsInTheHistory() {
        Random random = new Random(1);
        double[] values = new double[240];
        for (int i = 0; i < values.length; i++) {
            values[i] = SyntheticSeries.noisy(40, 0.05, random);
        }
        for (int i = 100; i < 130; i++) {
            values[i] = 400; // an incident in the export
        }
        OnlineBaseline model = new BaselineTrainer(CONFIG).start(values, 0, Duration.ofMillis(STEP));
        assertThat(model.predict(0, SETTINGS)).isCloseTo(40, within(1.5));
        OnlineBaseline.Judgement j = model.judge(STEP, 40, SETTINGS);
        assertThat(j.upper()).as("the incident does not widen the band").isLessThan(60);
        assertThat(model.judge(2 * STEP, 400, SETTINGS).anomalous()).isTrue();
    }

    @Test
    void aFlatSeriesStillGetsABandFromTheRelativeFloor() {
        double[] values = new double[60];
        Arrays.fill(values, 235);
        OnlineBaseline model = new BaselineTrainer(CONFIG).start(values, 0, Duration.ofMillis(STEP));
        OnlineBaseline.Judgement j = model.judge(STEP, 235, SETTINGS);
        assertThat(j.yhat()).isCloseTo(235, within(1e-6));
        assertThat(j.lower()).isCloseTo(223.25, within(0.3));
        assertThat(j.upper()).isCloseTo(246.75, within(0.3));
    }

    @Test
    void trainingReplaysTheHistoryInTimeOrderAtItsOwnStepAndSkipsMissingPoints() {
        long[] times = new long[200];
        double[] values = new double[200];
        Random random = new Random(2);
        for (int i = 0; i < times.length; i++) {
            times[times.length - 1 - i] = i * 60_000L; // out of order
            values[times.length - 1 - i] = i % 17 == 5 ? Double.NaN : SyntheticSeries.noisy(i < 150 ? 20 : 24, 0.02,
                    random);
        }
        OnlineBaseline model = new BaselineTrainer(CONFIG).train(times, values);
        assertThat(model.source).isEqualTo(OnlineBaseline.TRAINED);
        assertThat(model.firstSeen).isZero();
        // the level started at the median (20) and, replayed in order, follows the newer in-band level
        assertThat(model.predict(200 * 60_000L, SETTINGS)).isBetween(21.0, 24.5);
    }

    @Test
    void tooFewTrainingPointsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new BaselineTrainer(CONFIG).train(new long[] {0, 1, 2}, new double[] {1, Double.NaN,
                2})).hasMessageContaining("at least 3 training points, got 2");
    }

    @Test
    void aBucketQuantisedSeriesGetsABandNoNarrowerThanOneStep() {
        // a p50 read from histogram buckets: mostly 10, sometimes the next level 12.5 (fault-free)
        Random random = new Random(3);
        double[] values = new double[30];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextDouble() < 0.9 ? 10 : 12.5;
        }
        OnlineBaseline model = new BaselineTrainer(CONFIG.withMinRelativeBand(0.01)).start(values, 0,
                Duration.ofMillis(STEP));
        OnlineBaseline.Judgement j = model.judge(STEP, 10, SETTINGS);
        assertThat(j.upper()).isGreaterThanOrEqualTo(12.5);
        assertThat(model.judge(2 * STEP, 12.5, SETTINGS).anomalous()).isFalse();
        assertThat(model.judge(3 * STEP, 20, SETTINGS).anomalous()).as("two levels up is out of band").isTrue();
    }

    @Test
    void aLoneSpikeIsNotALevelAndAContinuousSeriesHasNoStep() {
        double[] spike = new double[30];
        Arrays.fill(spike, 10);
        spike[7] = 50;
        assertThat(BaselineTrainer.quantisationStep(spike)).isZero();
        double[] continuous = new double[30];
        for (int i = 0; i < 30; i++) {
            continuous[i] = 10 + i * 0.0137;
        }
        assertThat(BaselineTrainer.quantisationStep(continuous)).isZero();
        assertThat(BaselineTrainer.quantisationStep(new double[] {10, 10, 12.5, 10, 12.5, 10, 15, 10}))
                .isEqualTo(2.5);
    }
}
