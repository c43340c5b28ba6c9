package io.incidentdetector.canary.score;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.config.CanaryConfig;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeedDifferenceScorerTest {

    static final SeedDifferenceScorer SCORER = new SeedDifferenceScorer(1.25, true);

    static WindowScore score(long baseline, long canary, int length) {
        return SCORER.score(new CodeCounts(baseline, canary, 100, 100), length, List.of(), 3, false);
    }

    @Test
    void aWindowIsWorthTheMeanCountDifferencePerBin() {
        assertThat(score(2, 8, 4).value()).isEqualTo(1.5);
        assertThat(score(9, 1, 4).value()).isEqualTo(-2.0);
        assertThat(score(2, 8, 4).pValue()).isNull();
    }

    @Test
    void itHoldsOnlyStrictlyAboveTheThreshold() {
        assertThat(score(0, 5, 4).holds()).isFalse();   // 1.25
        assertThat(score(0, 6, 4).holds()).isTrue();    // 1.5
    }

    @Test
    void beingActiveChangesNothing() {
        WindowScore active = SCORER.score(new CodeCounts(0, 5, 0, 5), 4, List.of(), 1, true);
        assertThat(active.holds()).isFalse();
    }

    @Test
    void aCellIsTheCountDifference() {
        assertThat(SCORER.cellValue(new CodeCounts(7, 5, 40, 9))).isEqualTo(-2.0);
    }

    @Test
    void binsStartAtTheBaseTimeOfSeedFilesAndAdvanceOneAtATime() {
        assertThat(SCORER.firstBinStart(305_000, 0, 100_000)).isZero();
        assertThat(new SeedDifferenceScorer(1.25, false).firstBinStart(305_000, 0, 100_000)).isEqualTo(300_000);
        // a second far past the open bin's end opens only the next bin: the gap is not filled
        assertThat(SCORER.nextBinStart(100_000, 750_000, 0, 100_000)).isEqualTo(200_000);
    }

    @Test
    void itHoldsSecondsBackRepeatsWhileFiringAndNeverClosesByTime() {
        assertThat(SCORER.holdsEachSecondUntilTheNext()).isTrue();
        assertThat(SCORER.repeatsWhileFiring()).isTrue();
        assertThat(SCORER.closesByEventTime()).isFalse();
        assertThat(SCORER.mode()).isEqualTo(CanaryMode.SEED_COMPATIBLE);
    }

    @Test
    void theModeChoosesTheScorer() {
        assertThat(BinScorer.forMode(CanaryConfig.defaults().with(CanaryMode.SEED_COMPATIBLE, null, null, null), true))
                .isInstanceOf(SeedDifferenceScorer.class);
        assertThat(BinScorer.forMode(CanaryConfig.defaults(), true)).isInstanceOf(RateScorer.class);
    }
}
