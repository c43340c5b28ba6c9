package io.incidentdetector.heat;

import io.incidentdetector.config.AccumulatorConfig;
import io.incidentdetector.config.AccumulatorConfig.Direction;
import io.incidentdetector.judge.WindowVerdict;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowEvidenceTest {

    /** yhat 10, band 8..12: a half-width of 2 on each side. */
    private static WindowVerdict verdict(double y) {
        boolean out = y < 8 || y > 12;
        return new WindowVerdict(Instant.EPOCH, "a->b", 20, y, 10.0, 8.0, 12.0, out ? 1 : 0, Math.abs(y - 10),
                null, "learned");
    }

    private static final WindowEvidence UP = new WindowEvidence(AccumulatorConfig.defaults());

    @Test
    void aWindowInBandIsNoEvidence() {
        assertThat(UP.of(verdict(11.9))).isZero();
        assertThat(UP.of(null)).isZero();
    }

    @Test
    void aWindowWellBeyondTheBandIsAWholeWindowAndOneJustOutsideIsAShareOfIt() {
        assertThat(UP.of(verdict(13))).as("1 past the edge = 0.5 of the half-width").isCloseTo(1, within(1e-9));
        assertThat(UP.of(verdict(50))).isCloseTo(1, within(1e-9));
        assertThat(UP.of(verdict(12.2))).as("0.1 of the half-width past the edge: 0.1 / 0.5").isCloseTo(0.2,
                within(1e-9));
    }

    @Test
    void fasterThanTheBandIsQuietUnlessBothDirectionsHeat() {
        assertThat(UP.of(verdict(2))).isZero();
        WindowEvidence both = new WindowEvidence(AccumulatorConfig.defaults().withEvidence(Direction.BOTH,
                0.5));
        assertThat(both.of(verdict(2))).isCloseTo(1, within(1e-9));
        assertThat(both.of(verdict(7.8))).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void withFullHeatBeyondZeroEveryOutOfBandWindowIsWhole() {
        WindowEvidence seed = new WindowEvidence(AccumulatorConfig.defaults().withEvidence(Direction.UP, 0));
        assertThat(seed.of(verdict(12.01))).isEqualTo(1);
    }
}
