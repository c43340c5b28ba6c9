package io.incidentdetector.canary.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class RateRatioTest {

    @Test
    void halfAnEventOnEachSideKeepsAnAbsentCodeFinite() {
        // equal traffic: (2 + .5) / (0 + .5) = 5
        assertThat(RateRatio.of(0, 2, 0.5)).isEqualTo(5.0);
        assertThat(RateRatio.of(1, 1, 0.5)).isEqualTo(1.0);
    }

    @Test
    void countsAreNormalisedByEachBuildsShareOfTraffic() {
        // the canary has a quarter of the traffic: 10 of its errors match 30 of the baseline's
        assertThat(RateRatio.of(30, 10, 0.25)).isCloseTo(1.0, offset(0.05));
        // exactly: (10.5 / 0.25) / (30.5 / 0.75) = 42 / 40.666...
        assertThat(RateRatio.of(30, 10, 0.25)).isCloseTo(42 / (30.5 / 0.75), offset(1e-12));
    }

    @Test
    void aShareThatLeavesABuildWithoutTrafficComparesNothing() {
        assertThat(RateRatio.of(3, 9, 0)).isEqualTo(1.0);
        assertThat(RateRatio.of(3, 9, 1)).isEqualTo(1.0);
    }
}
