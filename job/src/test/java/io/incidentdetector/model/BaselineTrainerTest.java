package io.incidentdetector.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BaselineTrainerTest {

    private static final long HOUR = 3_600_000L;
    private static final long STEP = 30_000L;
    private static final double Z99 = 2.5758;
    private static final double SIGMA = 0.4;

    /** level 10, first harmonic 2 cos + 1 sin, third harmonic 0.5 sin (the 20-minute cycle) */
    private static double truth(long t) {
        double phase = 2 * Math.PI * Math.floorMod(t, HOUR) / HOUR;
        return 10 + 2 * Math.cos(phase) + 1 * Math.sin(phase) + 0.5 * Math.sin(3 * phase);
    }

    private record Series(long[] times, double[] values) {}

    /** Two hours at 30 s with Gaussian noise; optionally some points dropped and some turned into spikes. */
    private static Series series(double missingShare, double outlierShare, long seed) {
        Random random = new Random(seed);
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        long start = 1_700_000_000_000L - Math.floorMod(1_700_000_000_000L, HOUR);
        for (long t = start; t < start + 2 * HOUR; t += STEP) {
            if (random.nextDouble() < missingShare) {
                continue;
            }
            double y = truth(t) + SIGMA * random.nextGaussian();
            if (random.nextDouble() < outlierShare) {
                y += 40 + 20 * random.nextDouble();
            }
            times.add(t);
            values.add(y);
        }
        return new Series(times.stream().mapToLong(Long::longValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double worstError(BaselineModel model, long from) {
        double worst = 0;
        for (long t = from; t < from + HOUR; t += 60_000) {
            worst = Math.max(worst, Math.abs(model.predict(t) - truth(t)));
        }
        return worst;
    }

    private static BaselineTrainer trainer(double cutoff) {
        return new BaselineTrainer(5, HOUR, 0.99, cutoff, 0.0);
    }

    @Test
    void recoversAKnownSeasonalSeriesAndItsBand() {
        Series s = series(0, 0, 1);
        BaselineModel model = trainer(3.5).fit(s.times(), s.values(), BaselineModel.TRAINED);
        assertThat(model.coefficients()).hasSize(11);
        assertThat(model.coefficients()[0]).isCloseTo(10, within(0.1));
        assertThat(model.coefficients()[1]).isCloseTo(2, within(0.1));
        assertThat(model.coefficients()[2]).isCloseTo(1, within(0.1));
        assertThat(model.coefficients()[6]).isCloseTo(0.5, within(0.1));
        for (long t = s.times()[0]; t < s.times()[0] + HOUR; t += 60_000) {
            assertThat(model.predict(t)).isCloseTo(truth(t), within(0.2));
        }
        assertThat(model.halfWidth()).isCloseTo(Z99 * SIGMA, within(0.2 * Z99 * SIGMA));
        assertThat(model.excluded()).isLessThan(5);
    }

    @Test
    void iterativeOutlierExclusionKeepsFitAndBandThroughSpikesAndGaps() {
        Series s = series(0.10, 0.05, 2);
        BaselineModel robust = trainer(3.5).fit(s.times(), s.values(), BaselineModel.TRAINED);
        assertThat(robust.coefficients()[0]).isCloseTo(10, within(0.15));
        assertThat(robust.coefficients()[1]).isCloseTo(2, within(0.15));
        assertThat(robust.halfWidth()).isCloseTo(Z99 * SIGMA, within(0.25 * Z99 * SIGMA));
        assertThat(robust.excluded()).isGreaterThanOrEqualTo(8);

        // Without exclusion (an infinite cutoff) the spikes bend the seasonal curve: the exclusion is what helps.
        BaselineModel naive = trainer(Double.POSITIVE_INFINITY).fit(s.times(), s.values(), BaselineModel.TRAINED);
        double robustError = worstError(robust, s.times()[0]);
        double naiveError = worstError(naive, s.times()[0]);
        assertThat(robustError).isLessThan(0.25);
        assertThat(naiveError).isGreaterThan(2 * robustError);
    }

    @Test
    void aFlatSeriesStillGetsABandFromTheRelativeFloor() {
        long[] times = new long[60];
        double[] values = new double[60];
        for (int i = 0; i < 60; i++) {
            times[i] = i * STEP;
            values[i] = 235;
        }
        BaselineModel model = new BaselineTrainer(5, HOUR, 0.99, 3.5, 0.05).fit(times, values, BaselineModel.TRAINED);
        assertThat(model.predict(times[10])).isCloseTo(235, within(1e-6));
        assertThat(model.lower(235)).isCloseTo(223.25, within(1e-6));
        assertThat(model.upper(235)).isCloseTo(246.75, within(1e-6));
    }

    @Test
    void trainingShorterThanThePeriodGivesAFlatLevelNotAWildHarmonicFit() {
        Series s = series(0, 0, 4);
        int half = 60; // 30 minutes at 30 s: half a cycle, plenty of points for 11 coefficients
        long[] times = java.util.Arrays.copyOf(s.times(), half);
        double[] values = java.util.Arrays.copyOf(s.values(), half);
        BaselineModel model = trainer(3.5).fit(times, values, BaselineModel.TRAINED);
        assertThat(model.coefficients()).hasSize(1);
        // over the unseen half hour the flat level stays inside the range the series actually takes
        for (long t = times[0] + HOUR / 2; t < times[0] + HOUR; t += 60_000) {
            assertThat(model.predict(t)).isBetween(6.0, 14.0);
        }
    }

    @Test
    void tooFewPointsForTheHarmonicsFallBackToAFlatLevel() {
        long[] times = {0, STEP, 2 * STEP, 3 * STEP, 4 * STEP};
        double[] values = {5, 6, 5, 100, 5};
        BaselineModel model = trainer(3.5).fit(times, values, BaselineModel.TRAINED);
        assertThat(model.coefficients()).hasSize(1);
        assertThat(model.coefficients()[0]).isEqualTo(5.0);
        assertThat(model.upper(5)).isLessThan(100);
    }

    @Test
    void aBucketQuantisedSeriesGetsABandNoNarrowerThanOneStepAndKeepsItsCoverage() {
        // a p50 read from histogram buckets: mostly 10, sometimes the next level 12.5, rarely 15 (fault-free)
        Random random = new Random(3);
        int n = 600;
        long[] times = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = i * STEP;
            double u = random.nextDouble();
            values[i] = u < 0.9 ? 10 : u < 0.995 ? 12.5 : 15;
        }
        BaselineTrainer trainer = new BaselineTrainer(0, HOUR, 0.99, 3.5, 0.05);
        BaselineModel model = trainer.fitFlat(java.util.Arrays.copyOf(times, 30), java.util.Arrays.copyOf(values, 30),
                BaselineModel.LEARNED);
        assertThat(model.upper(model.predict(0))).isGreaterThanOrEqualTo(12.5);
        int outside = 0;
        for (double y : values) {
            double yhat = model.predict(0);
            outside += y < model.lower(yhat) || y > model.upper(yhat) ? 1 : 0;
        }
        // coverage 0.99 promises 1% outside; tolerance: twice that
        assertThat(outside / (double) n).isLessThanOrEqualTo(0.02);
        assertThat(model.upper(model.predict(0))).as("two steps up is still out of band").isLessThan(15);
    }

    @Test
    void aLoneSpikeIsNotALevelAndAContinuousSeriesHasNoStep() {
        double[] spike = new double[30];
        java.util.Arrays.fill(spike, 10);
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
