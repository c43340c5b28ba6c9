package io.incidentdetector.canary;

import io.incidentdetector.config.CanaryMode;
import io.incidentdetector.config.CanaryConfig;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.incidentdetector.canary.SeedCompatibleComparisonTest.NEW;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.OLD;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comparison in seed-compatible mode against {@link SeedScript}, the script's loops transcribed literally, on
 * random streams with bursts, quiet codes, gaps of several empty bins, and bin sizes that do and do not divide the
 * stream's length.
 */
class SeedReferenceDifferentialTest {

    static List<SeedScript.Row> randomRows(long seed, int length) {
        Random random = new Random(seed);
        List<SeedScript.Row> rows = new ArrayList<>();
        int t = 0;
        while (t <= length) {
            for (int code = -2; code <= 3; code++) {
                double canaryRate = code == 1 && t > length / 3 ? 1.5 : 0.4;
                if (random.nextDouble() < canaryRate / 2) {
                    for (int n = 1 + random.nextInt(2); n > 0; n--) {
                        rows.add(new SeedScript.Row(t, NEW, code));
                    }
                }
                if (random.nextDouble() < 0.2) {
                    rows.add(new SeedScript.Row(t, OLD, code));
                }
            }
            // now and then a gap of several empty bins
            t += random.nextDouble() < 0.02 ? 30 + random.nextInt(40) : 1;
        }
        return rows;
    }

    /** The rows as the job's per-second counts, one list per second with rows, in time order. */
    static List<List<SecondCount>> perSecond(List<SeedScript.Row> rows) {
        TreeMap<Integer, TreeMap<String, Integer>> seconds = new TreeMap<>();
        rows.forEach(r -> seconds.computeIfAbsent(r.second(), s -> new TreeMap<>()).merge(r.build() + "#" + r.code(),
                1, Integer::sum));
        List<List<SecondCount>> stream = new ArrayList<>();
        for (Map.Entry<Integer, TreeMap<String, Integer>> second : seconds.entrySet()) {
            List<SecondCount> list = new ArrayList<>();
            second.getValue().forEach((key, n) -> list.add(count(second.getKey(), key.substring(0, key.indexOf('#')),
                    Integer.parseInt(key.substring(key.indexOf('#') + 1)), n)));
            stream.add(list);
        }
        return stream;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void theComparisonSaysWhatTheScriptSays(long seed) {
        int bins = seed % 2 == 0 ? 10 : 7;
        int[] windows = {4, 2};
        List<SeedScript.Row> rows = randomRows(seed, 600);
        List<String> expected = SeedScript.alerts(rows, NEW, bins, 1.25, windows);

        CanaryConfig config = CanaryConfig.defaults().with(CanaryMode.SEED_COMPATIBLE, bins, 1.25, List.of(4, 2));
        List<String> actual = SeedScript.lines(SeedCompatibleComparisonTest.run(config, perSecond(rows)).alerts());
        assertThat(expected).isNotEmpty();
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void aLastSecondThatClosesABinIsNotCountedByEither(long seed) {
        // a regression that only shows in the last bin, closed by a lone row in the last second
        List<SeedScript.Row> rows = new ArrayList<>(randomRows(seed, 89).stream().filter(r -> r.second() < 90).toList());
        for (int i = 0; i < 40; i++) {
            rows.add(new SeedScript.Row(95, NEW, 3));
        }
        rows.add(new SeedScript.Row(100, OLD, 0));
        int[] windows = {1};
        List<String> expected = SeedScript.alerts(rows, NEW, 10, 1.25, windows);
        CanaryConfig config = CanaryConfig.defaults().with(CanaryMode.SEED_COMPATIBLE, 10, 1.25, List.of(1));
        List<String> actual = SeedScript.lines(SeedCompatibleComparisonTest.run(config, perSecond(rows)).alerts());
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual).noneMatch(line -> line.contains("..0:01:30"));
    }
}
