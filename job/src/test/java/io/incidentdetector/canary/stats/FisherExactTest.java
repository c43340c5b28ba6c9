package io.incidentdetector.canary.stats;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

class FisherExactTest {

    @Test
    void allOfTheCodeInTheCanaryIsOneTableInC63() {
        // 3 of 3 errors of the code in the canary, 0 of 3 other errors: 1 / C(6, 3)
        assertThat(FisherExact.upperTail(3, 0, 0, 3)).isCloseTo(1 / 20.0, offset(1e-12));
    }

    @Test
    void noCanaryErrorsOfTheCodeIsNoEvidence() {
        assertThat(FisherExact.upperTail(0, 5, 5, 5)).isEqualTo(1.0);
    }

    @Test
    void twoOfThreeAgainstOneOfThreeIsAFairCoin() {
        // margins 3/3 x 3/3: P(X >= 2) = (C(3,2) C(3,1) + C(3,3) C(3,0)) / C(6,3) = (9 + 1) / 20
        assertThat(FisherExact.upperTail(2, 1, 1, 2)).isCloseTo(0.5, offset(1e-12));
    }

    @Test
    void largeCountsUseTheNormalApproximationCloseToTheExactTail() {
        long canary = 1100;
        long baseline = 1000;
        long otherCanary = 1000;
        long otherBaseline = 1050;
        double exact = new HypergeometricDistribution(null, 4150, 2100, 2100).upperCumulativeProbability(1100);
        assertThat(FisherExact.upperTail(canary, baseline, otherCanary, otherBaseline)).isCloseTo(exact, offset(1e-3));
    }

    @Test
    void moreEventsThanAnIntCanCountAreRefused() {
        assertThatThrownBy(() -> FisherExact.upperTail(1, 0, 3_000_000_000L, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTailByRatiosOfTermsIsCommonsMathsSum() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int i = 0; i < 3_000; i++) {
            int population = 2 + random.nextInt(3_000);
            int successes = random.nextInt(population + 1);
            int sample = random.nextInt(population + 1);
            int lowest = Math.max(0, sample - (population - successes));
            int highest = Math.min(successes, sample);
            int k = lowest + random.nextInt(highest - lowest + 2);
            double expected = new org.apache.commons.math3.distribution.HypergeometricDistribution(null, population,
                    successes, sample).upperCumulativeProbability(Math.min(k, highest + 1));
            double actual = FisherExact.exactUpperTail(population, successes, sample, k);
            assertThat(actual).as("N=%d K=%d n=%d k=%d", population, successes, sample, k)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9 + 1e-9 * expected));
        }
    }
}
