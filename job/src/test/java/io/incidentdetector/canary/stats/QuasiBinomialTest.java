package io.incidentdetector.canary.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** With one degree of freedom Student's t is Cauchy: P(T >= t) = 1/2 - atan(t) / pi, which a hand can compute. */
class QuasiBinomialTest {

    static double cauchyUpperTail(double t) {
        return 0.5 - Math.atan(t) / Math.PI;
    }

    @Test
    void withoutOverdispersionTheExactPValueStands() {
        assertThat(QuasiBinomial.pValueGivenShare(0.01, 30, 40, 0.5, 1.0, 1)).isEqualTo(0.01);
        assertThat(QuasiBinomial.pValueMeasuredShare(0.01, 30, 40, 0.5, 1.0, 1.0, 80, 1)).isEqualTo(0.01);
    }

    @Test
    void aDispersionOfFourDoublesTheStandardDeviation() {
        // 30 of 40 against a share of 0.5: variance 40 * 0.25 * 4 = 40, t = 10 / sqrt(40)
        assertThat(QuasiBinomial.pValueGivenShare(0.01, 30, 40, 0.5, 4.0, 1))
                .isCloseTo(cauchyUpperTail(10 / Math.sqrt(40)), offset(1e-9))
                .isCloseTo(0.1795, offset(1e-4));
    }

    @Test
    void aMeasuredShareAddsTheTrafficDispersionWeightedByNOverM() {
        // variance 40 * 0.25 * (1 + 3 * 40 / 80) = 25, t = 10 / 5 = 2
        assertThat(QuasiBinomial.pValueMeasuredShare(0.01, 30, 40, 0.5, 1.0, 3.0, 80, 1))
                .isCloseTo(cauchyUpperTail(2), offset(1e-9))
                .isCloseTo(0.1476, offset(1e-4));
    }

    @Test
    void neverBelowTheExactPValue() {
        assertThat(QuasiBinomial.pValueGivenShare(0.5, 30, 40, 0.5, 4.0, 1)).isEqualTo(0.5);
        assertThat(QuasiBinomial.pValueMeasuredShare(0.5, 30, 40, 0.5, 1.0, 3.0, 80, 1)).isEqualTo(0.5);
    }
}
