package io.incidentdetector.scenario;

import org.apache.flink.util.NumberSequenceIterator;
import org.junit.jupiter.api.Test;

import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;

class SplitInterleavingTest {

    @Test
    void everyReaderWalksThroughTheWholeScenarioInOrderAndTogetherTheyMakeEveryEventOnce() {
        for (int parallelism : new int[] {1, 2, 3, 4, 7}) {
            for (long count : new long[] {1, 5, 100, 1_001, 12_347}) {
                SplitInterleaving interleaving = new SplitInterleaving();
                interleaving.open(count, parallelism);
                BitSet seen = new BitSet();
                for (NumberSequenceIterator part : new NumberSequenceIterator(0, count - 1).split(parallelism)) {
                    long previous = -1;
                    long first = -1;
                    while (part.hasNext()) {
                        long event = interleaving.event(part.next());
                        assertThat(event).as("p%d n%d", parallelism, count).isBetween(0L, count - 1).isGreaterThan(previous);
                        assertThat(seen.get((int) event)).isFalse();
                        seen.set((int) event);
                        first = first < 0 ? event : first;
                        previous = event;
                    }
                    if (first >= 0) {
                        assertThat(first).as("every reader starts at the beginning").isLessThan(parallelism);
                    }
                }
                assertThat(seen.cardinality()).isEqualTo((int) count);
            }
        }
    }

    @Test
    void withOneReaderOrBeforeOpenEveryIndexIsItsOwnEvent() {
        SplitInterleaving unopened = new SplitInterleaving();
        assertThat(unopened.event(41)).isEqualTo(41);
        SplitInterleaving one = new SplitInterleaving();
        one.open(100, 1);
        assertThat(one.event(99)).isEqualTo(99);
    }
}
