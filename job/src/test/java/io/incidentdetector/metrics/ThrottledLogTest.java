package io.incidentdetector.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThrottledLogTest {

    final List<String> lines = new ArrayList<>();
    final AtomicLong now = new AtomicLong();
    final ThrottledLog log = new ThrottledLog((format, args) -> lines.add(format(format, args)), Duration.ofMinutes(1),
            now::get);

    @Test
    void theFirstWarningIsLoggedAndTheRestOfTheMinuteOnlyCounted() {
        log.warn("refused {}", 1);
        for (int i = 2; i <= 1_235; i++) {
            now.addAndGet(Duration.ofMillis(10).toNanos());
            log.warn("refused {}", i);
        }
        assertThat(lines).containsExactly("refused 1");
    }

    @Test
    void theNextOneAfterTheMinuteSaysHowManyWereLeftOut() {
        log.warn("refused {}", "a");
        for (int i = 0; i < 1_234; i++) {
            log.warn("refused {}", "b");
        }
        now.addAndGet(Duration.ofSeconds(75).toNanos());
        log.warn("refused {}", "c");
        assertThat(lines).containsExactly("refused a", "refused c", "... and 1,234 more in the last 75 s");
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        log.warn("refused {}", "d");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        log.warn("refused {}", "e");
        assertThat(lines).endsWith("refused e", "... and 1 more in the last 1 min");
    }

    @Test
    void aQuietLogSaysNothingOfSuppressedWarnings() {
        log.warn("one");
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        log.warn("two");
        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void thePeriodMustBePositive() {
        assertThatThrownBy(() -> new ThrottledLog((f, a) -> { }, Duration.ZERO, now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static String format(String format, Object... args) {
        return org.slf4j.helpers.MessageFormatter.arrayFormat(format, args).getMessage();
    }
}
