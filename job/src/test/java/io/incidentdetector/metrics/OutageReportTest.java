package io.incidentdetector.metrics;

import io.incidentdetector.testing.CapturedLogs;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OutageReportTest {

    static final String LOGGER = "outage-report-test";
    final AtomicLong now = new AtomicLong(1_000_000);
    final OutageReport report = new OutageReport("kafka", "Kafka brokers", "b:9092", "the job waits",
            LoggerFactory.getLogger(LOGGER), Duration.ofMinutes(1), now::get);

    @Test
    void anOutageOfTwoAndAHalfMinutesIsOneWarningTwoSummariesAndOneEnd() {
        try (CapturedLogs logs = new CapturedLogs(LOGGER, Level.INFO)) {
            for (int s = 0; s <= 150; s += 5) { // an attempt every 5 s
                report.failed("timed out");
                assertThat(report.ongoing()).isTrue();
                now.addAndGet(5_000);
            }
            report.succeeded();
            report.succeeded();
            assertThat(logs.messages()).containsExactly(
                    "Kafka brokers unreachable at b:9092 (timed out); the job waits",
                    "Kafka brokers still unreachable at b:9092 after 1 min (13 failed attempts; last: timed out)",
                    "Kafka brokers still unreachable at b:9092 after 2 min (25 failed attempts; last: timed out)",
                    "Kafka brokers reachable again at b:9092 after 155 s (31 failed attempts)");
        }
        assertThat(report.ongoing()).isFalse();
        assertThat(report.outages()).isEqualTo(1);
        assertThat(report.outageSeconds()).isEqualTo(155);
    }

    @Test
    void anOutageLongerThanTheLimitSaysWhatItCostsOnce() {
        report.withLimit(new OutageReport.Limit("kafka.transaction-timeout", "transaction_timeout",
                Duration.ofSeconds(90), "records may be lost"));
        try (CapturedLogs logs = new CapturedLogs(LOGGER, Level.INFO)) {
            for (int s = 0; s <= 200; s += 10) {
                report.failed("down");
                now.addAndGet(10_000);
            }
            assertThat(logs.messages()).filteredOn(m -> m.contains("longer than")).singleElement().asString()
                    .contains("since ").contains("longer than kafka.transaction-timeout (90 s): records may be lost");
        }
        assertThat(report.beyondLimit()).isEqualTo(1);
        report.succeeded();
        report.failed("down again");
        now.addAndGet(30_000);
        report.failed("down again");
        assertThat(report.beyondLimit()).as("a short second outage costs nothing").isEqualTo(1);
        assertThat(report.outages()).isEqualTo(2);
        assertThat(report.outageSeconds()).isEqualTo(210 + 30);
    }

    @Test
    void successesWithoutAnOutageSayNothing() {
        try (CapturedLogs logs = new CapturedLogs(LOGGER, Level.DEBUG)) {
            report.succeeded();
            report.succeeded();
            assertThat(logs.messages()).isEmpty();
        }
        assertThat(report.outages()).isZero();
    }
}
