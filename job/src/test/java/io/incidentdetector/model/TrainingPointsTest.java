package io.incidentdetector.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code latency.model.max-training-points}: beyond it the oldest points go and the most recent stay, in order. */
class TrainingPointsTest {

    @Test
    void beyondTheCapTheMostRecentPointsAreKeptInTimeOrder() {
        TrainingPoints points = new TrainingPoints(5);
        for (int i = 0; i < 12; i++) {
            points.add(1_000L * i, i);
        }
        assertThat(points.size()).isEqualTo(5);
        assertThat(points.dropped()).isEqualTo(7);
        assertThat(points.times()).containsExactly(7_000, 8_000, 9_000, 10_000, 11_000);
        assertThat(points.values()).containsExactly(7, 8, 9, 10, 11);
    }

    @Test
    void belowTheCapEveryPointIsKeptAndTheFitIsThatOfAllOfThem() {
        TrainingPoints points = new TrainingPoints(100_000);
        long[] times = new long[300];
        double[] values = new double[300];
        for (int i = 0; i < 300; i++) {
            times[i] = 60_000L * i;
            values[i] = 10 + (i % 7);
            points.add(times[i], values[i]);
        }
        assertThat(points.dropped()).isZero();
        assertThat(points.times()).containsExactly(times);
        assertThat(points.values()).containsExactly(values);
    }

    @Test
    void aCapBelowTheFirstAllocationStillHoldsAtMostTheCap() {
        TrainingPoints points = new TrainingPoints(3);
        for (int i = 0; i < 100; i++) {
            points.add(i, i);
        }
        assertThat(points.times()).containsExactly(97, 98, 99);
    }
}
