package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.event.ServiceCallEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceCallGeneratorTest {

    private static final ScenarioConfig SETTINGS =
            new ScenarioConfig("single-delay", 42L, Instant.parse("2026-01-01T00:00:00Z"), 0.2, 2.0);

    @Test
    void theStepProfileClimbsToTwoHundredFiftyUsersAndBack() {
        assertThat(LoadProfile.usersAt(0, List.of())).isZero();
        assertThat(LoadProfile.usersAt(125, List.of())).isEqualTo(50);
        assertThat(LoadProfile.usersAt(241, List.of())).isEqualTo(60); // 50 + 10 users/s spawn rate
        assertThat(LoadProfile.usersAt(5 * 120 + 60, List.of())).isEqualTo(250);
        assertThat(LoadProfile.usersAt(9 * 120 + 60, List.of())).isEqualTo(50);
        assertThat(LoadProfile.usersAt(20 * 60 + 60, List.of())).isZero();
        assertThat(LoadProfile.usersAt(5 * 120 + 60, List.of(new Scenario.Surge(600, 700, 400)))).isEqualTo(650);
    }

    @Test
    void theSameIndexAlwaysGivesTheSameEventInAnyOrder() {
        ServiceCallGenerator a = new ServiceCallGenerator(ScenarioCatalog.boutique("single-delay").orElseThrow(), SETTINGS);
        ServiceCallGenerator b = new ServiceCallGenerator(ScenarioCatalog.boutique("single-delay").orElseThrow(), SETTINGS);
        long count = a.count();
        assertThat(count).isGreaterThan(100_000);
        for (long i = count - 1; i >= 0; i -= 997) {
            assertThat(b.map(i)).isEqualTo(a.map(i)); // b reads backwards, a jumps: same result
        }
        ServiceCallGenerator otherSeed = new ServiceCallGenerator(ScenarioCatalog.boutique("single-delay").orElseThrow(), SETTINGS.withSeed(7));
        assertThat(otherSeed.map(5000L).latencyMs()).isNotEqualTo(a.map(5000L).latencyMs());
    }

    @Test
    void eventTimeIsOrderedAndTheFaultAddsTwoHundredMillisecondsToItsPairOnly() {
        ServiceCallGenerator generator = new ServiceCallGenerator(ScenarioCatalog.boutique("single-delay").orElseThrow(), SETTINGS);
        long start = SETTINGS.start().toEpochMilli();
        long previous = Long.MIN_VALUE;
        double cartBefore = 0, cartDuring = 0, paymentDuring = 0;
        int nBefore = 0, nDuring = 0, nPayment = 0;
        for (long i = 0; i < generator.count(); i++) {
            ServiceCallEvent e = generator.map(i);
            assertThat(e.timestamp()).isGreaterThanOrEqualTo(previous);
            previous = e.timestamp();
            long second = (e.timestamp() - start) / 1000;
            boolean during = second >= 600 && second < 1200;
            if (e.pair().equals(ScenarioCatalog.FRONTEND_CART)) {
                if (during) {
                    cartDuring += e.latencyMs();
                    nDuring++;
                } else if (second >= 540 && second < 600) {
                    cartBefore += e.latencyMs();
                    nBefore++;
                }
            } else if (e.pair().equals(ScenarioCatalog.CHECKOUT_PAYMENT) && during) {
                paymentDuring += e.latencyMs();
                nPayment++;
            }
        }
        assertThat(previous).isLessThan(start + 30 * 60_000);
        assertThat(cartDuring / nDuring - cartBefore / nBefore).isBetween(190.0, 215.0);
        assertThat(paymentDuring / nPayment).isLessThan(10);
    }
}
