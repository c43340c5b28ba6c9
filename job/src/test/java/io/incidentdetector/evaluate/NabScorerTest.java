package io.incidentdetector.evaluate;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * NAB's standard profile by hand, on 100 five-minute rows (15 probationary) with one window over rows 40 to 49
 * (width 10): S(p) = 2 sigmoid(-5p) - 1, a true positive scores S(p) / S(-1), a false one 0.11 S(distance / 9).
 */
class NabScorerTest {

    private static final Instant T0 = Instant.parse("2014-02-14T14:30:00Z");
    private static final List<Instant> ROWS = rows(100);
    private static final List<NabScorer.Window> WINDOW = List.of(new NabScorer.Window(ROWS.get(40), ROWS.get(49)));
    private static final NabScorer SCORER = new NabScorer(NabProfile.STANDARD);

    private static List<Instant> rows(int n) {
        List<Instant> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(T0.plus(Duration.ofMinutes(5L * i)));
        }
        return rows;
    }

    private static NabScorer.FileScore score(Integer... detections) {
        return SCORER.score("f.csv", ROWS, WINDOW, Set.of(detections));
    }

    @Test
    void probationIsFifteenPercentCappedAtSevenHundredFiftyRows() {
        assertThat(NabScorer.probationaryRows(100)).isEqualTo(15);
        assertThat(NabScorer.probationaryRows(4032)).isEqualTo(604);
        assertThat(NabScorer.probationaryRows(10_000)).isEqualTo(750);
    }

    @Test
    void aDetectionAtTheWindowsStartScoresTheWholeTpWeight() {
        assertThat(score(40)).isEqualTo(new NabScorer.FileScore("f.csv", 1, 1, 0, 1.0));
    }

    @Test
    void aDetectionLateInTheWindowScoresLessAndOnlyTheEarliestCounts() {
        // row 48: p = -(49 - 48 + 1) / 10 = -0.2; S(-0.2) = tanh(0.5) = 0.46212, / S(-1) 0.98661
        assertThat(score(48).score()).isCloseTo(0.468387, within(1e-6));
        assertThat(score(48, 45, 49).score()).as("the earliest of three")
                .isCloseTo(score(45).score(), within(1e-12));
        // the last row of the window: p = -0.1, still a small reward
        assertThat(score(49).score()).isCloseTo(0.248242, within(1e-6));
    }

    @Test
    void aFalseDetectionRightAfterTheWindowCostsLessThanOneFarAfterIt() {
        // row 50: 1/9 past the window: 0.11 * S(1/9) = -0.029793; the window itself is missed: -1
        NabScorer.FileScore justAfter = score(50);
        assertThat(justAfter.caught()).isZero();
        assertThat(justAfter.falseDetections()).isEqualTo(1);
        assertThat(justAfter.score()).isCloseTo(-1 - 0.029793, within(1e-6));
        // row 53: 4/9 past: 0.11 * S(4/9) = -0.088490
        assertThat(score(53).score()).isCloseTo(-1 - 0.088490, within(1e-6));
        // row 90: 41/9 > 3 past: the whole fpWeight
        assertThat(score(90).score()).isCloseTo(-1.11, within(1e-12));
    }

    @Test
    void aFalseDetectionWithNoWindowBeforeItCostsTheWholeFpWeightAndProbationIsNotScored() {
        assertThat(score(20, 40).score()).isCloseTo(1 - 0.11, within(1e-12));
        assertThat(score(10, 40).score()).as("row 10 is probationary").isEqualTo(1.0);
    }

    @Test
    void aMissedWindowCostsTheFnWeight() {
        assertThat(score()).isEqualTo(new NabScorer.FileScore("f.csv", 1, 0, 0, -1.0));
    }

    @Test
    void aWindowInsideTheProbationIsNeitherRewardedNorCounted() {
        List<NabScorer.Window> early = List.of(new NabScorer.Window(ROWS.get(2), ROWS.get(5)));
        assertThat(SCORER.score("f.csv", ROWS, early, Set.of()).score()).isZero();
    }

    @Test
    void nullScoresZeroAndPerfectScoresAHundred() {
        double nullScore = score().score() + SCORER.score("g.csv", ROWS, WINDOW, Set.of()).score();
        assertThat(nullScore).isEqualTo(-2.0);
        assertThat(NabScorer.normalised(nullScore, nullScore, 2, NabProfile.STANDARD)).isZero();
        double perfect = score(40).score() + SCORER.score("g.csv", ROWS, WINDOW, Set.of(40)).score();
        assertThat(NabScorer.normalised(perfect, nullScore, 2, NabProfile.STANDARD)).isEqualTo(100.0);
        // one window at its start, one missed, one false far after: (1 - 1 - 0.11 + 2) / 4
        double mixed = score(40).score() + SCORER.score("g.csv", ROWS, WINDOW, Set.of(90)).score();
        assertThat(NabScorer.normalised(mixed, nullScore, 2, NabProfile.STANDARD)).isCloseTo(47.25, within(1e-9));
    }

    @Test
    void aWindowEndThatIsNoRowIsRefused() {
        List<NabScorer.Window> off = List.of(new NabScorer.Window(ROWS.get(40), ROWS.get(49).plusSeconds(60)));
        assertThatThrownBy(() -> SCORER.score("f.csv", ROWS, off, Set.of()))
                .hasMessageContaining("f.csv").hasMessageContaining("row timestamps");
    }
}
