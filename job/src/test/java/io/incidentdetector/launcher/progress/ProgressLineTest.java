package io.incidentdetector.launcher.progress;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    private static final long SECOND = 1_000_000_000L;

    private static Figures figures(long events) {
        return new Figures(true, events, Optional.of(Instant.parse("2026-11-30T14:05:42Z")), OptionalLong.of(48_000),
                OptionalLong.of(2));
    }

    @Test
    void aLineSaysEventTimeEventsTheirRateWindowsAndOpenIncidents() {
        assertThat(ProgressLine.format("", figures(1_234_567), 310_400)).isEqualTo("progress  event time 2026-11-30"
                + " 14:05  1.2 M events  310 k events/s  48,000 windows judged  2 open incidents");
    }

    @Test
    void whatARunDoesNotHaveIsLeftOutAndAStageComesFirst() {
        Figures canaryStart = new Figures(true, 950, Optional.empty(), OptionalLong.empty(), OptionalLong.of(1));
        assertThat(ProgressLine.format("evaluate run 3 of 9, scenario eval-mesh seed 2", canaryStart, 0))
                .isEqualTo("progress  evaluate run 3 of 9, scenario eval-mesh seed 2  950 events  0 events/s"
                        + "  1 open incident");
    }

    @Test
    void theRateCountsTheEventsSinceTheLineBeforeAndANewRunFromZero() {
        ProgressLine line = new ProgressLine(5 * SECOND);
        assertThat(line.next("", figures(1_000_000), 15 * SECOND)).contains("1.0 M events  100 k events/s");
        assertThat(line.next("", figures(1_500_000), 25 * SECOND)).contains("1.5 M events  50 k events/s");
        // evaluate's next run: its counters start again
        assertThat(line.next("", figures(20_000), 35 * SECOND)).contains("20 k events  2.0 k events/s");
        assertThat(line.next("", figures(20_000), 35 * SECOND)).contains("20 k events  0 events/s");
    }

    @Test
    void countsAreCompactWithTwoOrThreeFigures() {
        assertThat(ProgressLine.compact(0)).isEqualTo("0");
        assertThat(ProgressLine.compact(999)).isEqualTo("999");
        assertThat(ProgressLine.compact(1_000)).isEqualTo("1.0 k");
        assertThat(ProgressLine.compact(9_949)).isEqualTo("9.9 k");
        assertThat(ProgressLine.compact(9_950)).isEqualTo("10 k");
        assertThat(ProgressLine.compact(999_499)).isEqualTo("999 k");
        assertThat(ProgressLine.compact(999_500)).isEqualTo("1.0 M");
        assertThat(ProgressLine.compact(48_200_000)).isEqualTo("48 M");
        assertThat(ProgressLine.compact(3_100_000_000L)).isEqualTo("3.1 G");
    }
}
