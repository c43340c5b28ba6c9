package io.incidentdetector.heat;

import io.incidentdetector.config.AccumulatorConfig;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** One window far out of band opens alone only when its pair's own history finds it rare. */
class RareExcursionTest {

    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final RareExcursion RULE = new RareExcursion(AccumulatorConfig.defaults(), FIVE_MINUTES);
    /** max 20 over 6 units a window (sample cap 1 min, unit 10 s): fills the heat to max. */
    private static final double FILL = 20.0 / 6;

    private static ExcursionHistory history(int windows, int every, double beyond) {
        ExcursionHistory h = new ExcursionHistory();
        for (int i = 1; i <= windows; i++) {
            h.add(every > 0 && i % every == 0 ? beyond : 0);
        }
        return h;
    }

    @Test
    void aCalmPairsFirstFarExcursionFillsTheHeat() {
        assertThat(RULE.evidence(1, 500, history(400, 0, 0))).isCloseTo(FILL, within(1e-9));
    }

    @Test
    void aPairWhoseFarExcursionsAreFrequentKeepsTheOrdinaryEvidence() {
        ExcursionHistory heavy = history(400, 40, 10);
        assertThat(heavy.likelihood(10)).isGreaterThan(AccumulatorConfig.defaults().rareBelow(FIVE_MINUTES));
        assertThat(RULE.evidence(1, 10, heavy)).isEqualTo(1);
    }

    @Test
    void aPairJudgedForTooFewWindowsKeepsTheOrdinaryEvidence() {
        // the history's window count is decayed (memory of about 2000): 300 counted takes about 322 windows
        assertThat(RULE.evidence(1, 500, history(300, 0, 0))).isEqualTo(1);
        assertThat(RULE.evidence(1, 500, history(330, 0, 0))).isCloseTo(FILL, within(1e-9));
    }

    @Test
    void aNearExcursionOrAWindowWithoutEvidenceIsNeverRare() {
        assertThat(RULE.evidence(0.9, 1.4, history(400, 0, 0))).as("below rare-beyond").isEqualTo(0.9);
        assertThat(RULE.evidence(1, 10, history(400, 0, 0))).as("far, but not once in 100 days").isEqualTo(1);
        assertThat(RULE.evidence(0, 500, history(400, 0, 0))).as("no evidence (the side that does not heat)")
                .isZero();
        assertThat(RULE.evidence(1, Double.NaN, history(400, 0, 0))).as("no band").isEqualTo(1);
    }

    @Test
    void rareOnceInZeroTurnsTheRuleOff() {
        RareExcursion off = new RareExcursion(AccumulatorConfig.defaults().withRare(Duration.ZERO, 1, 300),
                FIVE_MINUTES);
        assertThat(off.evidence(1, 500, history(400, 0, 0))).isEqualTo(1);
    }

    @Test
    void windowsShorterThanTheSampleCapAreNeverRare() {
        RareExcursion tenSeconds = new RareExcursion(AccumulatorConfig.defaults(), Duration.ofSeconds(10));
        assertThat(tenSeconds.evidence(1, 500, history(400, 0, 0))).isEqualTo(1);
        RareExcursion oneMinute = new RareExcursion(AccumulatorConfig.defaults(), Duration.ofMinutes(1));
        assertThat(oneMinute.evidence(1, 500, history(400, 0, 0))).as("max 20 over 6 units").isCloseTo(20.0 / 6,
                within(1e-9));
    }

    @Test
    void theWindowJoinsTheHistoryAfterItIsJudged() {
        ExcursionHistory h = history(400, 0, 0);
        RULE.evidence(1, 3, h);
        assertThat(h.getExcursions()).isCloseTo(1, within(1e-9));
        assertThat(h.getWindows()).isGreaterThan(300);
        assertThat(RULE.evidence(1, 0, h)).isEqualTo(1);
        assertThat(h.getExcursions()).as("an in-band window only decays them").isLessThan(1);
    }

    @Test
    void fartherIsRarerAndTheMemoryIsBounded() {
        ExcursionHistory h = history(10_000, 50, 2);
        assertThat(h.likelihood(8)).isLessThan(h.likelihood(2));
        assertThat(h.getWindows()).isLessThan(ExcursionHistory.MEMORY_WINDOWS + 1);
    }

    @Test
    void theHistoryIsAFlinkPojo() {
        assertThat(TypeInformation.of(ExcursionHistory.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
