package io.incidentdetector.canary;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.config.CanaryConfig;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's arithmetic and alert timing on a stream small enough to work out by hand. */
class SeedCompatibleComparisonTest {

    static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final String OLD = "5.0007.510.011";
    static final String NEW = "5.0007.610.011";

    record Output(List<CanaryAlert> alerts, List<BinCell> cells) {}

    static SecondCount count(int second, String build, int code, long n) {
        return new SecondCount(BASE.toEpochMilli() + second * 1000L, build, code, n);
    }

    static Output run(CanaryConfig config, List<List<SecondCount>> seconds) {
        CanaryComparison comparison = new CanaryComparison(config, OLD, NEW, true);
        CanaryState state = new CanaryState();
        List<CanaryAlert> alerts = new ArrayList<>();
        List<BinCell> cells = new ArrayList<>();
        for (List<SecondCount> second : seconds) {
            comparison.accept(state, second.get(0).second(), second, alerts::add, cells::add);
        }
        return new Output(alerts, cells);
    }

    static String line(CanaryAlert a) {
        return String.format(java.util.Locale.ROOT, "%s %d w%d %s..%s %.4f", a.status(), a.code(), a.window(),
                a.start(), a.stop(), a.value());
    }

    @Test
    void binsCloseOnePerRecordSkipGapsRepeatWhileHoldingAndNeverAssessTheLastBin() {
        CanaryConfig config = CanaryConfig.defaults().with(CanaryMode.SEED_COMPATIBLE, 10, 1.25, List.of(3, 2));
        Output out = run(config, List.of(
                List.of(count(0, NEW, 7, 3)),                            // bin 0:00:00 [0,10): code 7 +3
                List.of(count(3, OLD, 8, 1)),                            //                     code 8 -1
                List.of(count(5, OLD, 7, 1)),                            //                     code 7 -1 -> +2
                List.of(count(12, NEW, 7, 2)),                           // closes bin 0; bin 0:00:10: code 7 +2
                List.of(count(25, NEW, 7, 1)),                           // closes bin 1; bin 0:00:20: code 7 +1
                List.of(count(75, OLD, 7, 2)),                           // gap: closes bin 2, opens ONE bin 0:00:30
                List.of(count(76, NEW, 8, 5)),                           // closes 0:00:30, opens 0:00:40
                List.of(count(77, NEW, 8, 9)),                           // closes 0:00:40, opens 0:00:50 (never assessed)
                List.of(count(78, NEW, 8, 1))));                         // the last second: never counted at all

        assertThat(out.alerts()).extracting(SeedCompatibleComparisonTest::line).containsExactly(
                // after bin 0:00:10 (2 bins): window 2 = (2 + 2) / 2; window 3 skipped
                "ACTIVE 7 w2 0:00:00..0:00:10 2.0000",
                // after bin 0:00:20: window 2 = (2 + 1) / 2, window 3 = (2 + 2 + 1) / 3
                "FIRING 7 w2 0:00:10..0:00:20 1.5000",
                "ACTIVE 7 w3 0:00:00..0:00:20 1.6667",
                // after bin 0:00:30 (the bin opened by the record at 0:01:15 holds its -2)
                "CLEARED 7 w2 0:00:20..0:00:30 -0.5000",
                "CLEARED 7 w3 0:00:10..0:00:30 0.3333",
                // after bin 0:00:40: code 8 got +5; windows 2 and 3
                "ACTIVE 8 w2 0:00:30..0:00:40 2.5000",
                "ACTIVE 8 w3 0:00:20..0:00:40 1.6667");
        // five finished bins, two codes each; the open bin 0:00:50 (code 8: +9) never appears
        assertThat(out.cells()).hasSize(10);
        assertThat(out.cells()).extracting(BinCell::bin).doesNotContain("0:00:50");
        assertThat(out.cells()).filteredOn(c -> c.code() == 8 && c.bin().equals("0:00:00"))
                .singleElement().extracting(BinCell::value).isEqualTo(-1.0);
    }

    @Test
    void binsStartAtZeroAndAdvanceOnePerRecordEvenWhenTheFileStartsLater() {
        CanaryConfig config = CanaryConfig.defaults().with(CanaryMode.SEED_COMPATIBLE, 100, 1.25, List.of(5));
        // the first record is at 0:05:00: it closes the empty bin 0:00:00 and opens 0:01:40, the next one (still
        // past that bin's end) closes it and opens 0:03:20, and so on
        Output out = run(config, List.of(
                List.of(count(300, NEW, 2, 1)), List.of(count(301, NEW, 2, 2)), List.of(count(302, NEW, 2, 3)),
                List.of(count(303, NEW, 2, 4))));
        assertThat(out.cells()).extracting(BinCell::bin).containsExactly("0:01:40", "0:03:20");
        assertThat(out.cells()).extracting(BinCell::value).containsExactly(1.0, 2.0);
    }

    @Test
    void theComparisonIsStrictlyAboveTheThreshold() {
        CanaryConfig config = CanaryConfig.defaults().with(CanaryMode.SEED_COMPATIBLE, 10, 1.25, List.of(4));
        // code 3: +1, +1, +1, +2 over four bins: mean exactly 1.25, not above it
        Output out = run(config, List.of(
                List.of(count(0, NEW, 3, 1)), List.of(count(10, NEW, 3, 1)), List.of(count(20, NEW, 3, 1)),
                List.of(count(30, NEW, 3, 2)), List.of(count(40, NEW, 3, 1)), List.of(count(50, NEW, 3, 1))));
        assertThat(out.alerts()).isEmpty();
        assertThat(out.cells()).hasSize(4);
    }

    @Test
    void theLastSecondOfTheInputIsNeverCountedSoTheBinItWouldCloseIsNeverAssessed() {
        CanaryConfig config = CanaryConfig.defaults().with(CanaryMode.SEED_COMPATIBLE, 10, 1.25, List.of(1));
        // the script appends a second's vector only when a row of a later second arrives: the row at 0:00:10 is the
        // last, so bin 0:00:00 (code 1: +5) is never finished
        Output dropped = run(config, List.of(List.of(count(0, NEW, 1, 5)), List.of(count(10, NEW, 1, 5))));
        assertThat(dropped.alerts()).isEmpty();
        assertThat(dropped.cells()).isEmpty();

        // one more second, and the second at 0:00:10 counts: it closes bin 0:00:00
        Output counted = run(config, List.of(List.of(count(0, NEW, 1, 5)), List.of(count(10, NEW, 1, 5)),
                List.of(count(11, OLD, 1, 1))));
        assertThat(counted.alerts()).extracting(SeedCompatibleComparisonTest::line)
                .containsExactly("ACTIVE 1 w1 0:00:00..0:00:00 5.0000");
        assertThat(counted.cells()).extracting(BinCell::bin).containsExactly("0:00:00");
    }
}
