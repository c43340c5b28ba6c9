package io.incidentdetector.canary.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class DispersionTest {

    @Test
    void sharesSwingingFromAllToNoneAreTwentyTimesBinomialNoise() {
        // pooled 0.5, 10 errors per bin: z = +-0.5 / sqrt(0.25 / 10) = +-sqrt(10); (2 sqrt(10))^2 / 2 = 20
        assertThat(Dispersion.ofShares(new long[] {10, 0}, new long[] {10, 10}, 0.5)).isCloseTo(20, offset(1e-9));
    }

    @Test
    void binsWithoutEventsAreSkipped() {
        assertThat(Dispersion.ofShares(new long[] {10, 0, 0}, new long[] {10, 0, 10}, 0.5)).isCloseTo(20, offset(1e-9));
    }

    @Test
    void neverBelowOne() {
        // every bin exactly at the pooled share: no variation at all
        assertThat(Dispersion.ofShares(new long[] {5, 10, 20}, new long[] {10, 20, 40}, 0.5)).isEqualTo(1.0);
    }

    @Test
    void oneBinOrADegenerateShareMeasuresNothing() {
        assertThat(Dispersion.ofShares(new long[] {10}, new long[] {10}, 0.5)).isEqualTo(1.0);
        assertThat(Dispersion.ofShares(new long[] {10, 0}, new long[] {10, 10}, 0)).isEqualTo(1.0);
        assertThat(Dispersion.ofShares(new long[] {10, 0}, new long[] {10, 10}, 1)).isEqualTo(1.0);
    }
}
