package io.incidentdetector.launcher.progress;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.SimpleCounter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RunMetricsTest {

    private static Map<String, String> scope(String operator, int subtask) {
        return Map.of("<operator_name>", operator, "<subtask_index>", Integer.toString(subtask));
    }

    private static SimpleCounter counter(long n) {
        SimpleCounter counter = new SimpleCounter();
        counter.inc(n);
        return counter;
    }

    @Test
    void figuresSumTheSourcesRecordsAndJudgedWindowsAndTakeTheFurthestSourceWatermark() {
        try (RunMetrics metrics = RunMetrics.open()) {
            assertThat(metrics.figures()).isEqualTo(Figures.NONE);
            Map<String, String> events = scope("Source: scenario demo", 0);
            Map<String, String> errors = scope("Source: client errors demo", 0);
            Map<String, String> judge = scope("judge against baseline", 1);
            metrics.added((Gauge<Long>) () -> 0L, RunMetrics.SOURCE_MARK, events);
            metrics.added(counter(1_000), RunMetrics.RECORDS_OUT, events);
            metrics.added((Gauge<Long>) () -> Instant.parse("2026-11-30T14:05:00Z").toEpochMilli(),
                    RunMetrics.WATERMARK, events);
            metrics.added((Gauge<Long>) () -> 0L, RunMetrics.SOURCE_MARK, errors);
            metrics.added(counter(200), RunMetrics.RECORDS_OUT, errors);
            metrics.added((Gauge<Long>) () -> Long.MAX_VALUE, RunMetrics.WATERMARK, errors); // ended: not a time
            metrics.added(counter(90), RunMetrics.RECORDS_OUT, judge); // not a source: not read
            metrics.added((Gauge<Long>) () -> Long.MAX_VALUE - 1, RunMetrics.WATERMARK, judge);
            metrics.added(counter(40), RunMetrics.WINDOWS_JUDGED, judge);
            metrics.added(counter(5), RunMetrics.WINDOWS_JUDGED, scope("judge against baseline", 0));
            metrics.added(counter(3), RunMetrics.OPENED, scope("latency incident lifecycle", 0));
            metrics.added(counter(1), RunMetrics.RESOLVED, scope("latency incident lifecycle", 0));

            Figures figures = metrics.figures();
            assertThat(figures.running()).isTrue();
            assertThat(figures.events()).isEqualTo(1_200);
            assertThat(figures.eventTime()).contains(Instant.parse("2026-11-30T14:05:00Z"));
            assertThat(figures.windowsJudged()).hasValue(45);
            assertThat(figures.openIncidents()).hasValue(2);
        }
    }

    @Test
    void aJobThatEndedLeavesNothingRunning() {
        try (RunMetrics metrics = RunMetrics.open()) {
            Map<String, String> events = scope("Source: scenario demo", 0);
            Gauge<Long> mark = () -> 0L;
            SimpleCounter read = counter(7);
            metrics.added(mark, RunMetrics.SOURCE_MARK, events);
            metrics.added(read, RunMetrics.RECORDS_OUT, events);
            assertThat(metrics.figures().events()).isEqualTo(7);
            metrics.removed(read, RunMetrics.RECORDS_OUT, events);
            metrics.removed(mark, RunMetrics.SOURCE_MARK, events);
            assertThat(metrics.figures()).isEqualTo(Figures.NONE);
        }
    }

    @Test
    void aMiniClusterConfiguredWithTheBoardFindsItUntilItIsClosed() {
        Configuration conf = new Configuration();
        RunMetrics metrics = RunMetrics.open();
        metrics.configure(conf);
        String id = conf.toMap().get("metrics.reporter.progress.run");
        assertThat(conf.toMap()).containsEntry("metrics.reporter.progress.factory.class",
                ProgressReporterFactory.class.getName());
        assertThat(RunMetrics.find(id)).containsSame(metrics);
        metrics.close();
        assertThat(RunMetrics.find(id)).isEmpty();
    }
}
