package io.incidentdetector.judge;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.WindowStats;

import org.junit.jupiter.api.Test;

import static io.incidentdetector.TestEvents.CART;
import static io.incidentdetector.TestEvents.windowEnd;
import static org.assertj.core.api.Assertions.assertThat;

class PairRefusalTest {

    @Test
    void aWindowBeyondTheCapIsItsJsonWithTheReasonAndTheFixes() throws Exception {
        WindowStats stats = new WindowStats(CART, windowEnd(1).minusSeconds(10), windowEnd(1), 20, 4.5);
        DeadLetter letter = PairRefusal.beyondCap(stats, 100, 50, 50);
        assertThat(letter.origin()).isEqualTo("latency.max-pairs");
        assertThat(letter.payload()).isEqualTo("{\"pair\":\"" + CART + "\",\"windowEnd\":\"" + windowEnd(1)
                + "\",\"count\":20,\"y\":4.5}");
        assertThat(letter.reason()).isEqualTo("latency.max-pairs (100) reached: 50 pairs are tracked by this instance"
                + " (its share is 50), so the new pair " + CART + " is not judged. Fix: raise latency.max-pairs,"
                + " exclude pairs under latency.pairs, or shorten latency.pair-ttl");
        assertThat(letter.seenAt()).isEqualTo(windowEnd(1));
    }

    @Test
    void aWindowWithoutAValueHasNoYInItsJson() throws Exception {
        WindowStats stats = new WindowStats(CART, windowEnd(1).minusSeconds(10), windowEnd(1), 0, Double.NaN);
        assertThat(PairRefusal.beyondCap(stats, 1, 1, 1).payload()).endsWith("\"count\":0}");
    }

    @Test
    void anUnusableTrainingFileNamesItsOriginPairAndProblem() {
        DeadLetter letter = PairRefusal.unusableTraining(new TrainedBaseline(CART, null, "training.json", "no series"));
        assertThat(letter.origin()).isEqualTo("training.json");
        assertThat(letter.payload()).isEqualTo(CART);
        assertThat(letter.reason()).isEqualTo("no series");
        assertThat(letter.seenAt()).isNull();
    }
}
