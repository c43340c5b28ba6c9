package io.incidentdetector.evaluate;

import io.incidentdetector.incident.Severity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PromisesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aDelayIsPromisedFrom100MsLastingThreeMinutes() {
        assertThat(Promises.delayIsPromised(100, T0, T0.plusSeconds(180))).isTrue();
        assertThat(Promises.delayIsPromised(99.9, T0, T0.plusSeconds(600))).isFalse();
        assertThat(Promises.delayIsPromised(500, T0, T0.plusSeconds(179))).isFalse();
    }

    @Test
    void aReplayedDelayIsPromisedOnlyWithThreeMinutesOfSamples() {
        assertThat(Promises.scrapedLongEnough(3, Duration.ofMinutes(1))).isTrue();
        assertThat(Promises.scrapedLongEnough(2, Duration.ofMinutes(1))).isFalse();
        assertThat(Promises.scrapedLongEnough(1, Duration.ofMinutes(5))).isTrue();
        assertThat(Promises.scrapedLongEnough(17, Duration.ofSeconds(10))).isFalse();
    }

    @Test
    void aRegressionIsPromisedFrom2xOnACodeWith20ErrorsABin() {
        assertThat(Promises.regressionIsPromised(2, 20)).isTrue();
        assertThat(Promises.regressionIsPromised(1.5, 100)).isFalse();
        assertThat(Promises.regressionIsPromised(5, 19.9)).isFalse();
    }

    @Test
    void twoCallersOfTheTargetExpectSev1APairOrOneCallerSev2AndSmallDelaysNothing() {
        assertThat(Promises.expectedSeverity(100, false, 2)).isEqualTo(Severity.SEV1);
        assertThat(Promises.expectedSeverity(100, false, 1)).isEqualTo(Severity.SEV2);
        assertThat(Promises.expectedSeverity(500, true, 5)).isEqualTo(Severity.SEV2);
        assertThat(Promises.expectedSeverity(50, false, 5)).isNull();
    }

    @Test
    void theSentenceUnderTheTableStatesTheThresholds() {
        assertThat(Promises.SUMMARY).contains(Math.round(Promises.MIN_DELAY_MS) + " ms",
                Promises.MIN_DELAY_LENGTH.toMinutes() + " minutes", Math.round(Promises.MIN_REGRESSION_FACTOR) + "x",
                Math.round(Promises.MIN_ERRORS_PER_BIN) + " errors a bin");
    }
}
