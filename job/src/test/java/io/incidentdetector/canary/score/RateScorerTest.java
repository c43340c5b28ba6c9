package io.incidentdetector.canary.score;

import io.incidentdetector.config.CanaryTraffic;
import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.canary.stats.Binomial;
import io.incidentdetector.canary.stats.FisherExact;
import io.incidentdetector.canary.stats.StandardScores;
import io.incidentdetector.config.CanaryConfig;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class RateScorerTest {

    /** Threshold 1.25, min-count 5, alpha 0.001, traffic from the other codes. */
    static final RateScorer BY_EVENTS = new RateScorer(1.25, 5, 0.001, null);

    /** Ten bins with the canary at exactly half of everything: no dispersion. */
    static List<CodeCounts> steady(long code, long others) {
        return Collections.nCopies(10, new CodeCounts(code, code, code + others, code + others));
    }

    static CodeCounts window(long baseline, long canary, long otherBaseline, long otherCanary) {
        return new CodeCounts(baseline, canary, baseline + otherBaseline, canary + otherCanary);
    }

    @Test
    void aClearRegressionHoldsWithTheFisherPValueTimesTheCodesCompared() {
        CodeCounts w = window(5, 40, 500, 500);
        WindowScore score = BY_EVENTS.score(w, 5, steady(5, 100), 3, false);
        // equal traffic: (40 + .5) / (5 + .5)
        assertThat(score.value()).isCloseTo(40.5 / 5.5, offset(1e-12));
        assertThat(score.pValue()).isEqualTo(Math.min(1.0, FisherExact.upperTail(40, 5, 500, 500) * 3));
        assertThat(score.holds()).isTrue();
    }

    @Test
    void noisyBinsRaiseThePValueAboveTheExactOne() {
        CodeCounts w = window(20, 40, 500, 500);
        List<CodeCounts> noisy = List.of(new CodeCounts(0, 10, 100, 110), new CodeCounts(10, 0, 110, 100),
                new CodeCounts(0, 10, 100, 110), new CodeCounts(10, 0, 110, 100), new CodeCounts(0, 10, 100, 110));
        double exact = FisherExact.upperTail(40, 20, 500, 500);
        assertThat(BY_EVENTS.score(w, 5, steady(5, 100), 1, false).pValue()).isEqualTo(exact);
        assertThat(BY_EVENTS.score(w, 5, noisy, 1, false).pValue()).isGreaterThan(exact * 10);
    }

    @Test
    void withAUsersRatioTheExactTestIsBinomialAgainstTheUsersShare() {
        RateScorer byUsers = new RateScorer(1.25, 5, 0.001, 0.25);
        // the canary has a quarter of the users: 10 canary errors match 30 baseline errors
        WindowScore even = byUsers.score(window(30, 10, 0, 0), 5, steady(5, 0), 1, false);
        assertThat(even.value()).isCloseTo((10.5 / 0.25) / (30.5 / 0.75), offset(1e-12));
        assertThat(even.pValue()).isEqualTo(Binomial.upperTail(40, 10, 0.25));
        assertThat(even.holds()).isFalse();
        assertThat(byUsers.score(window(30, 40, 0, 0), 5, steady(5, 0), 1, false).holds()).isTrue();
    }

    @Test
    void withoutOtherTrafficInBothBuildsThereIsNothingToCompare() {
        WindowScore score = BY_EVENTS.score(window(0, 50, 100, 0), 5, steady(5, 100), 1, true);
        assertThat(score.value()).isEqualTo(1.0);
        assertThat(score.pValue()).isEqualTo(1.0);
        assertThat(score.holds()).isFalse();
    }

    @Test
    void tooFewCanaryErrorsNeverAlert() {
        RateScorer lenient = new RateScorer(1.25, 5, 0.5, null);
        CodeCounts four = window(0, 4, 500, 500);
        assertThat(lenient.score(four, 5, steady(5, 100), 1, false).holds()).isFalse();
        assertThat(new RateScorer(1.25, 4, 0.5, null).score(four, 5, steady(5, 100), 1, false).holds()).isTrue();
    }

    @Test
    void anActiveAlertHoldsWhileTheRatioIsAboveHalfwayToTheThreshold() {
        // (119 + .5) / (99 + .5) = 1.20: below 1.25, above 1.125
        CodeCounts weaker = window(99, 119, 500, 500);
        assertThat(BY_EVENTS.score(weaker, 5, steady(5, 100), 1, false).holds()).isFalse();
        assertThat(BY_EVENTS.score(weaker, 5, steady(5, 100), 1, true).holds()).isTrue();
        // (109 + .5) / (99 + .5) = 1.10: gone
        assertThat(BY_EVENTS.score(window(99, 109, 500, 500), 5, steady(5, 100), 1, true).holds()).isFalse();
    }

    @Test
    void aCellIsAStandardScore() {
        CodeCounts bin = window(10, 30, 50, 50);
        assertThat(BY_EVENTS.cellValue(bin)).isEqualTo(StandardScores.twoProportion(30, 10, 50, 50));
        assertThat(new RateScorer(1.25, 5, 0.001, 0.5).cellValue(bin)).isEqualTo(StandardScores.givenShare(10, 30, 0.5));
    }

    @Test
    void binsAreNumberedByTimeAndCloseByEventTime() {
        assertThat(BY_EVENTS.firstBinStart(25_500, 1_000, 10_000)).isEqualTo(21_000);
        assertThat(BY_EVENTS.firstBinStart(-500, 0, 10_000)).isEqualTo(-10_000);
        // a second far past the open bin's end opens the bin it falls in
        assertThat(BY_EVENTS.nextBinStart(10_000, 75_000, 0, 10_000)).isEqualTo(70_000);
        assertThat(BY_EVENTS.closesByEventTime()).isTrue();
        assertThat(BY_EVENTS.holdsEachSecondUntilTheNext()).isFalse();
        assertThat(BY_EVENTS.repeatsWhileFiring()).isFalse();
        assertThat(BY_EVENTS.mode()).isEqualTo(CanaryMode.RATE);
    }

    @Test
    void aUsersRatioOfOneToThreeIsACanaryShareOfAQuarter() {
        CanaryConfig users = new CanaryConfig(null, null, null, null, null, null, null, null, null,
                CanaryTraffic.USERS, 1.0 / 3, null, null, null, null);
        // a users ratio of 1:3 is a canary share of 0.25
        assertThat(RateScorer.of(users).cellValue(window(30, 10, 0, 0))).isEqualTo(0.0);
    }
}
