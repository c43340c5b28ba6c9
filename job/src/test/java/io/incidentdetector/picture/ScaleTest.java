package io.incidentdetector.picture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScaleTest {

    @Test
    void mapsTheDomainOntoThePixelsEvenBackwards() {
        Scale y = new Scale(0, 200, 240, 30);
        assertThat(y.at(0)).isEqualTo(240.0);
        assertThat(y.at(200)).isEqualTo(30.0);
        assertThat(y.at(100)).isCloseTo(135.0, within(1e-9));
    }

    @Test
    void anEmptyDomainStillMapsSomewhere() {
        Scale flat = new Scale(5, 5, 0, 100);
        assertThat(flat.at(5)).isEqualTo(0.0);
        assertThat(Double.isFinite(flat.at(6))).isTrue();
    }

    @Test
    void ticksAreRoundValuesWithinTheDomain() {
        assertThat(new Scale(0, 228.6, 0, 1).ticks(5)).containsExactly(0.0, 50.0, 100.0, 150.0, 200.0);
        assertThat(new Scale(0, 1.08, 0, 1).ticks(5)).containsExactly(0.0, 0.5, 1.0);
        assertThat(new Scale(0, 1.08, 0, 1).ticks(10)).hasSize(6).last().satisfies(v -> assertThat(v)
                .isCloseTo(1.0, within(1e-9)));
        assertThat(Scale.niceStep(0.03)).isCloseTo(0.05, within(1e-12));
        assertThat(Scale.niceStep(7)).isEqualTo(10.0);
    }

    @Test
    void timeTicksAreWholeMinutesOrHours() {
        assertThat(Scale.timeStep(3_600_000, 8)).isEqualTo(600_000);
        assertThat(Scale.timeStep(75 * 60_000, 8)).isEqualTo(600_000);
        assertThat(Scale.timeStep(25 * 3_600_000L, 8)).isEqualTo(21_600_000);
        assertThat(Scale.timeStep(60_000, 8)).isEqualTo(10_000);
    }
}
