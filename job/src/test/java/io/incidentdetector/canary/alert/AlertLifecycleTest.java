package io.incidentdetector.canary.alert;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AlertLifecycleTest {

    static final AlertLifecycle REPEATING = new AlertLifecycle(true);
    static final AlertLifecycle ONCE = new AlertLifecycle(false);

    @Test
    void transitions() {
        for (AlertLifecycle lifecycle : new AlertLifecycle[] {REPEATING, ONCE}) {
            assertThat(lifecycle.transition(false, true)).contains(AlertStatus.ACTIVE);
            assertThat(lifecycle.transition(true, false)).contains(AlertStatus.CLEARED);
            assertThat(lifecycle.transition(false, false)).isEmpty();
        }
        assertThat(REPEATING.transition(true, true)).contains(AlertStatus.FIRING);
        assertThat(ONCE.transition(true, true)).isEmpty();
    }

    @Test
    void theActiveSetFollowsEachCodeAndWindowOnItsOwn() {
        Map<String, Boolean> active = new HashMap<>();
        assertThat(ONCE.next(active, -3, 5, true)).contains(AlertStatus.ACTIVE);
        assertThat(active).containsOnlyKeys("-3/5");
        assertThat(ONCE.isActive(active, -3, 5)).isTrue();
        assertThat(ONCE.isActive(active, -3, 10)).isFalse();

        assertThat(ONCE.next(active, -3, 10, true)).contains(AlertStatus.ACTIVE);
        assertThat(ONCE.next(active, -3, 5, true)).isEmpty();
        assertThat(ONCE.next(active, -3, 5, false)).contains(AlertStatus.CLEARED);
        assertThat(active).containsOnlyKeys("-3/10");
        assertThat(ONCE.next(active, -3, 5, false)).isEmpty();
        assertThat(active).containsOnlyKeys("-3/10");
    }

    @Test
    void aRepeatingAlertFiresAtEveryBinWhileItHolds() {
        Map<String, Boolean> active = new HashMap<>();
        assertThat(new Optional<?>[] {REPEATING.next(active, 7, 2, true), REPEATING.next(active, 7, 2, true),
                REPEATING.next(active, 7, 2, true), REPEATING.next(active, 7, 2, false)})
                .containsExactly(Optional.of(AlertStatus.ACTIVE), Optional.of(AlertStatus.FIRING),
                        Optional.of(AlertStatus.FIRING), Optional.of(AlertStatus.CLEARED));
        assertThat(active).isEmpty();
    }
}
