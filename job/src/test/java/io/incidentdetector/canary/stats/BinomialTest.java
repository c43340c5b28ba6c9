package io.incidentdetector.canary.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class BinomialTest {

    @Test
    void upperTailsOfSmallBinomials() {
        // P(X >= 3) for Binomial(4, 0.5) = (4 + 1) / 16
        assertThat(Binomial.upperTail(4, 3, 0.5)).isCloseTo(5 / 16.0, offset(1e-12));
        // P(X >= 1) for Binomial(3, 0.2) = 1 - 0.8^3
        assertThat(Binomial.upperTail(3, 1, 0.2)).isCloseTo(0.488, offset(1e-12));
        // P(X >= 3) for Binomial(3, 0.5) = 1 / 8
        assertThat(Binomial.upperTail(3, 3, 0.5)).isCloseTo(0.125, offset(1e-12));
    }

    @Test
    void atLeastNothingIsCertain() {
        assertThat(Binomial.upperTail(10, 0, 0.5)).isEqualTo(1.0);
    }
}
