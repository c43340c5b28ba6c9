package io.incidentdetector.model;

import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.scenario.SeriesShapes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;

import static io.incidentdetector.model.SyntheticSeries.DAY;
import static io.incidentdetector.model.SyntheticSeries.HOUR;
import static io.incidentdetector.model.SyntheticSeries.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The band keeps its promised coverage on fault-free series built to have each shape of real data: out of band
 * within a stated tolerance of {@code 1 - coverage} (1%): at most 2.5% of the windows after the first six hours, and at
 * least 0.05% (a band far wider than promised would miss faults), for a pair that learned online from its first
 * windows and for one trained on a day of history. A quantised series may be covered better than promised (its
 * values cannot sit near an edge); so may a two-level one, where a flip back towards the long-run level is a recovery,
 * not an anomaly. Sensitivity is tested separately: a 2.5x fault on each shape.
 */
class OnlineBaselineTest {

    private static final ModelConfig CONFIG = ModelConfig.defaults();

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("heavy tail, 1-minute steps", MINUTE, SyntheticSeries.heavyTailed(80, 0.06, 0.005), true),
                Arguments.of("heavy tail, 10-second windows", 10_000L, SyntheticSeries.heavyTailed(80, 0.06, 0.005),
                        true),
                Arguments.of("two levels", MINUTE, SyntheticSeries.twoLevels(100, 140, 0.3, 6, 0.02), true),
                Arguments.of("bucket-quantised", MINUTE, SyntheticSeries.bucketQuantised(35, 0.4, 25), false),
                Arguments.of("drifting", MINUTE, SyntheticSeries.drifting(50, 2, 3 * DAY, 0.05), true),
                Arguments.of("seasonal with gaps", MINUTE, SyntheticSeries.seasonalWithGaps(60, 0.3, 0.04, 0.03),
                        true));
    }

    @ParameterizedTest(name = "{0}: learned online")
    @MethodSource("shapes")
    void aPairLearningOnlineKeepsItsCoverage(String name, long step, SeriesShapes.Shape shape, boolean continuous) {
        SyntheticSeries series = SyntheticSeries.of(step, 4 * DAY, 11, shape);
        double share = outOfBandShare(learnedOnline(series, step), series, step, 6 * HOUR);
        assertCovered(share, continuous);
    }

    @ParameterizedTest(name = "{0}: trained on a day of history")
    @MethodSource("shapes")
    void aTrainedPairKeepsItsCoverage(String name, long step, SeriesShapes.Shape shape, boolean continuous) {
        SyntheticSeries series = SyntheticSeries.of(step, 4 * DAY, 12, shape);
        int day = (int) (DAY / step);
        OnlineBaseline model = new BaselineTrainer(CONFIG).train(Arrays.copyOf(series.times, day),
                Arrays.copyOf(series.values, day));
        double share = outOfBandShare(model, series, step, DAY);
        assertCovered(share, continuous);
    }

    /** The same shapes, with spikes rare enough (0.2%) that a 2.5x fault is beyond the band's coverage. */
    static Stream<Arguments> faultShapes() {
        return shapes().map(a -> ((String) a.get()[0]).startsWith("heavy")
                ? Arguments.of(a.get()[0], a.get()[1], SyntheticSeries.heavyTailed(80, 0.06, 0.002), true) : a);
    }

    @ParameterizedTest(name = "{0}: a 2.5x fault is caught and does not move the baseline")
    @MethodSource("faultShapes")
    void aFaultIsOutOfBandAndDoesNotPullTheBaseline(String name, long step, SeriesShapes.Shape shape,
            boolean continuous) {
        SyntheticSeries series = SyntheticSeries.of(step, 2 * DAY, 13, shape);
        OnlineBaseline model = learnedOnline(series, step);
        BaselineSettings settings = BaselineSettings.of(CONFIG, Duration.ofMillis(step));
        int faultFrom = (int) (DAY / step);
        int faultWindows = (int) (20 * MINUTE / step);
        double before = 0;
        int caught = 0;
        for (int i = 0; i < faultFrom + faultWindows; i++) {
            double y = series.values[i];
            if (i == faultFrom) {
                before = model.predict(series.times[i], settings);
            }
            if (!Double.isFinite(y)) {
                continue;
            }
            boolean fault = i >= faultFrom;
            boolean out = model.judge(series.times[i], fault ? 2.5 * y : y, settings).anomalous();
            caught += fault && out ? 1 : 0;
        }
        assertThat(caught).as("windows of the fault out of band").isGreaterThanOrEqualTo((int) (0.85 * faultWindows));
        assertThat(model.predict(series.times[faultFrom + faultWindows], settings) / before).as("level after the fault")
                .isBetween(0.9, 1.1);
    }

    @org.junit.jupiter.api.Test
    void aLastingChangeBecomesTheNewNormalAfterNewNormalAfterAndTheVerdictSaysSo() {
        long step = MINUTE;
        SyntheticSeries series = SyntheticSeries.of(step, DAY, 14, (t, delay, r) -> SyntheticSeries.noisy(
                t < SyntheticSeries.START + 12 * HOUR ? 40 : 70, 0.03, r));
        OnlineBaseline model = learnedOnline(series, step);
        BaselineSettings settings = BaselineSettings.of(CONFIG, Duration.ofMillis(step));
        long newNormalAt = -1;
        int outAfterwards = 0;
        for (int i = 0; i < series.times.length; i++) {
            OnlineBaseline.Judgement j = model.judge(series.times[i], series.values[i], settings);
            if (j.newNormal()) {
                assertThat(newNormalAt).as("once").isEqualTo(-1);
                newNormalAt = series.times[i];
            }
            if (newNormalAt > 0 && series.times[i] > newNormalAt + 10 * MINUTE && j.anomalous()) {
                outAfterwards++;
            }
        }
        long change = SyntheticSeries.START + 12 * HOUR;
        assertThat(newNormalAt - change).as("new-normal-after is 1h").isBetween(HOUR - 2 * MINUTE, HOUR + 5 * MINUTE);
        assertThat(outAfterwards).as("the new level is normal").isLessThan(20);
    }

    @org.junit.jupiter.api.Test
    void aModelAlignedToATimeReadsThereWhatItReadAtItsFirstValue() {
        // a daily wave with its peak at midnight, learned by the profile alone
        ModelConfig profileOnly = CONFIG.withLevelTracking(0);
        SyntheticSeries series = SyntheticSeries.of(MINUTE, 4 * DAY, 17, (t, delay, r) -> SyntheticSeries.noisy(
                10 * Math.exp(0.3 * Math.cos(2 * Math.PI * (t - SyntheticSeries.START) / DAY)), 0.02, r));
        OnlineBaseline model = new BaselineTrainer(profileOnly).train(series.times, series.values);
        BaselineSettings settings = BaselineSettings.of(profileOnly, Duration.ofMillis(MINUTE));
        long live = SyntheticSeries.START + 5 * DAY + 12 * HOUR;
        double atFirst = model.predict(model.firstSeen, settings);
        assertThat(model.predict(live, settings) / atFirst).as("noon is the trough, midnight the peak").isLessThan(0.9);
        model.alignPhaseTo(live);
        assertThat(model.predict(live, settings)).isCloseTo(atFirst, org.assertj.core.api.Assertions.within(1e-9));
    }

    /**
     * A slow change of {@code change} (+0.15: 15% slower) over 20 minutes, in band so the level follows it, then
     * straight back: the return is a recovery, not a fault, whichever way the change went.
     */
    @ParameterizedTest(name = "a change of {0}, then straight back")
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.15, -0.15})
    void afterAMildChangeTheLevelFollowedASuddenReturnToNormalIsNotAnomalous(double change) {
        long step = 10_000L;
        long from = SyntheticSeries.START + 6 * HOUR;
        long back = from + 20 * MINUTE;
        SyntheticSeries series = SyntheticSeries.of(step, 7 * HOUR, 16, (t, delay, r) -> SyntheticSeries.noisy(
                t < from || t >= back ? 10 : 10 * (1 + change * (t - from) / (double) (back - from)), 0.03, r));
        OnlineBaseline model = learnedOnline(series, step);
        BaselineSettings settings = BaselineSettings.of(CONFIG, Duration.ofMillis(step));
        int anomalousAfter = 0;
        for (int i = 0; i < series.times.length; i++) {
            boolean out = model.judge(series.times[i], series.values[i], settings).anomalous();
            anomalousAfter += out && series.times[i] >= back && series.times[i] < back + 30 * MINUTE ? 1 : 0;
        }
        assertThat(anomalousAfter).as("of 180 windows after the return").isLessThan(10);
    }

    @org.junit.jupiter.api.Test
    void aFaultThatIsOverIsNeverAdoptedAsTheNewNormalAndASecondOneIsStillCaught() {
        long step = MINUTE;
        long fault = SyntheticSeries.START + 12 * HOUR;
        long again = fault + 70 * MINUTE;
        // 50 minutes at 3x (just under new-normal-after), 20 quiet minutes, then the same fault again
        SyntheticSeries series = SyntheticSeries.of(step, DAY, 18, (t, delay, r) -> SyntheticSeries.noisy(
                (t >= fault && t < fault + 50 * MINUTE) || (t >= again && t < again + 10 * MINUTE) ? 120 : 40,
                0.03, r));
        OnlineBaseline model = learnedOnline(series, step);
        BaselineSettings settings = BaselineSettings.of(CONFIG, Duration.ofMillis(step));
        int secondCaught = 0;
        for (int i = 0; i < series.times.length; i++) {
            OnlineBaseline.Judgement j = model.judge(series.times[i], series.values[i], settings);
            assertThat(j.newNormal()).as("at " + (series.times[i] - fault) / MINUTE + " min").isFalse();
            secondCaught += j.anomalous() && series.times[i] >= again && series.times[i] < again + 10 * MINUTE ? 1 : 0;
        }
        assertThat(secondCaught).isEqualTo(10);
    }

    @org.junit.jupiter.api.Test
    void withTwoWeeksOfHistoryAQuietWeekendIsExpected() {
        long step = 5 * MINUTE;
        SeriesShapes.Shape weekends = (t, delay, r) -> {
            int dayOfWeek = (int) Math.floorMod(Math.floorDiv(t, DAY) + 3, 7L); // Monday = 0
            return SyntheticSeries.noisy(dayOfWeek >= 5 ? 30 : 60, 0.03, r);
        };
        SyntheticSeries series = SyntheticSeries.of(step, 6 * 7 * DAY, 19, weekends);
        long lastWeek = SyntheticSeries.START + 5 * 7 * DAY;
        long[] turns = {lastWeek, lastWeek + 5 * DAY}; // the sixth week's Monday and Saturday, midnight
        int withWeekly = outOfBandAfter(CONFIG, series, step, turns);
        int without = outOfBandAfter(CONFIG.withWeekly(false), series, step, turns);
        assertThat(without).as("without it, each turn of the week is out of band until the new normal").isGreaterThan(10);
        assertThat(withWeekly).as("in the 2 hours after each turn, " + without + " without weekly").isLessThan(3);
    }

    private static int outOfBandAfter(ModelConfig config, SyntheticSeries series, long step, long[] turns) {
        BaselineSettings settings = BaselineSettings.of(config, Duration.ofMillis(step));
        double[] first = Arrays.copyOf(series.values, config.warmupWindowsAt(Duration.ofMillis(step)));
        OnlineBaseline model = new BaselineTrainer(config).start(first, series.times[0], Duration.ofMillis(step));
        int outside = 0;
        for (int i = 0; i < series.times.length; i++) {
            boolean out = model.judge(series.times[i], series.values[i], settings).anomalous();
            for (long turn : turns) {
                outside += out && series.times[i] >= turn && series.times[i] < turn + 2 * HOUR ? 1 : 0;
            }
        }
        return outside;
    }

    private static void assertCovered(double share, boolean continuous) {
        assertThat(share).isLessThanOrEqualTo(0.025);
        if (continuous) {
            assertThat(share).as("a band far wider than promised misses faults").isGreaterThanOrEqualTo(0.0005);
        }
    }

    static OnlineBaseline learnedOnline(SyntheticSeries series, long step) {
        int warmup = CONFIG.warmupWindowsAt(Duration.ofMillis(step));
        double[] first = Arrays.stream(series.values).filter(Double::isFinite).limit(warmup).toArray();
        return new BaselineTrainer(CONFIG).start(first, series.times[0], Duration.ofMillis(step));
    }

    /** Judges every point from the model's current state; counts those out of band from {@code from} on. */
    static double outOfBandShare(OnlineBaseline model, SyntheticSeries series, long step, long from) {
        BaselineSettings settings = BaselineSettings.of(CONFIG, Duration.ofMillis(step));
        int judged = 0;
        int outside = 0;
        for (int i = 0; i < series.times.length; i++) {
            long t = series.times[i];
            if (!Double.isFinite(series.values[i]) || t < SyntheticSeries.START + (model.source.equals(
                    OnlineBaseline.TRAINED) ? DAY : 0)) {
                continue;
            }
            boolean out = model.judge(t, series.values[i], settings).anomalous();
            if (t >= SyntheticSeries.START + from) {
                judged++;
                outside += out ? 1 : 0;
            }
        }
        return outside / (double) judged;
    }
}
