package io.incidentdetector.canary.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class StandardScoresTest {

    @Test
    void givenAShareTheScoreCountsStandardDeviationsAboveExpectation() {
        // 30 errors, canary share 0.5: 20 is (20 - 15) / sqrt(7.5) standard deviations above expectation
        assertThat(StandardScores.givenShare(10, 20, 0.5)).isCloseTo(5 / Math.sqrt(7.5), offset(1e-12));
        assertThat(StandardScores.givenShare(15, 15, 0.5)).isZero();
        assertThat(StandardScores.givenShare(0, 0, 0.5)).isZero();
    }

    @Test
    void twoProportionsComparedWithTheirPooledShare() {
        // the code: 30 of 40 in the canary (0.75); the other codes: 50 of 100 (0.5); pooled 80 / 140 = 4 / 7
        double se = Math.sqrt(4.0 / 7 * 3.0 / 7 * (1.0 / 40 + 1.0 / 100));
        assertThat(StandardScores.twoProportion(30, 10, 50, 50)).isCloseTo(0.25 / se, offset(1e-12));
        assertThat(StandardScores.twoProportion(30, 10, 50, 50)).isCloseTo(2.7003, offset(1e-4));
    }

    @Test
    void withoutAnythingToCompareTheTwoProportionScoreIsZero() {
        assertThat(StandardScores.twoProportion(0, 0, 5, 5)).isZero();
        assertThat(StandardScores.twoProportion(5, 5, 0, 0)).isZero();
        // every error in the canary: pooled share 1, no variance
        assertThat(StandardScores.twoProportion(5, 0, 5, 0)).isZero();
    }
}
