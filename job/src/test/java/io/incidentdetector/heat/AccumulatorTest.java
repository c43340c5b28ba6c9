package io.incidentdetector.heat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccumulatorTest {

    @Test
    void addsAnomaliesSubtractsDecayAndStaysWithinZeroAndMax() {
        assertThat(Accumulator.next(0, 1, 2, 20)).isEqualTo(1);
        assertThat(Accumulator.next(5, 1, 2, 20)).isEqualTo(6);
        assertThat(Accumulator.next(5, 0, 2, 20)).isEqualTo(3);
        assertThat(Accumulator.next(1, 0, 2, 20)).isEqualTo(0);
        assertThat(Accumulator.next(0, 0, 2, 20)).isEqualTo(0);
        assertThat(Accumulator.next(20, 1, 2, 20)).isEqualTo(20);
    }

    @Test
    void aTransientOfAFewAnomaliesNeverReachesTheSeedThreshold() {
        double heat = 0;
        int[] windows = {1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0};
        double peak = 0;
        for (int anomaly : windows) {
            heat = Accumulator.next(heat, anomaly, 2, 20);
            peak = Math.max(peak, heat);
        }
        assertThat(peak).isLessThanOrEqualTo(6);
        assertThat(heat).isEqualTo(0);
    }
}
