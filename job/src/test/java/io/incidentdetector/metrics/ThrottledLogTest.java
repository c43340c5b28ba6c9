package io.incidentdetector.metrics;

import io.incidentdetector.testing.CapturedLogs;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A warning per refused record becomes at most one line a minute, and the next line says how many were left out. */
class ThrottledLogTest {

    @Test
    void atMostOneLineAMinuteThenOneThatCountsTheOthers() {
        AtomicLong now = new AtomicLong(1_000_000);
        ThrottledLog log = new ThrottledLog(LoggerFactory.getLogger("throttled-test"), Duration.ofMinutes(1),
                now::get);
        try (CapturedLogs logs = new CapturedLogs("throttled-test", Level.ALL)) {
            for (int i = 0; i < 1_235; i++) {
                log.warn("record {} refused", i);
                now.addAndGet(10);
            }
            assertThat(logs.messages()).containsExactly("record 0 refused");
            now.set(1_000_000 + 61_000);
            log.warn("record {} refused", "last");
            assertThat(logs.messages()).containsExactly("record 0 refused",
                    "record last refused ... and 1,234 more in the last 61 s");
            log.warn("record {} refused", "too soon");
            assertThat(logs.messages()).hasSize(2);
        }
    }
}
