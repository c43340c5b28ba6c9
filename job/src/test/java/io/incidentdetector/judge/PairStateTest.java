package io.incidentdetector.judge;

import io.incidentdetector.model.OnlineBaseline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PairStateTest {

    private static final OnlineBaseline MODEL = new OnlineBaseline();

    @Test
    void aPairThatLearnsOnlineDropsItsModelAndIsNoLongerConfiguredButKeepsItsTimes() {
        PairState state = new PairState(MODEL, 5L, new double[] {4.0}, 1_000L, 61_000L, true).learnsOnline();
        assertThat(state).usingRecursiveComparison()
                .isEqualTo(new PairState(null, null, new double[0], 1_000L, 61_000L, false));
    }

    @Test
    void aForgottenPairKeepsItsModelAndPhaseButIsUnseenWithNoTimer() {
        PairState state = new PairState(MODEL, 5L, new double[0], 1_000L, 61_000L, true).forgottenKeepingModel();
        assertThat(state.model()).isSameAs(MODEL);
        assertThat(state.liveAnchor()).isEqualTo(5L);
        assertThat(state.warmup()).isEmpty();
        assertThat(state.lastSeen()).isEqualTo(Long.MIN_VALUE);
        assertThat(state.expiryTimer()).isZero();
        assertThat(state.configured()).isTrue();
    }
}
