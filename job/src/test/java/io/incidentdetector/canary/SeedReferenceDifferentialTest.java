package io.incidentdetector.canary;

import io.incidentdetector.config.CanaryConfig;
import io.incidentdetector.event.SeedCsvErrorParser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.incidentdetector.canary.SeedCompatibleComparisonTest.NEW;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.OLD;
import static io.incidentdetector.canary.SeedCompatibleComparisonTest.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second, deliberately literal implementation of the seed's algorithm (seed-systems.md B2: per-second vectors,
 * one bin per vector past the end, mean of the last w bins, strict {@code >}) against {@link CanaryComparison}
 * on random streams with bursts, quiet codes and gaps of several empty bins.
 */
class SeedReferenceDifferentialTest {

    /** B2, written as plainly as the description reads. */
    static List<String> reference(TreeMap<Integer, Map<String, Integer>> seconds, int bins, double threshold,
            int[] windows) {
        TreeSet<Integer> codes = new TreeSet<>();
        long binStart = 0;
        Map<Integer, Long> current = new LinkedHashMap<>();
        List<long[]> labels = new ArrayList<>();
        List<Map<Integer, Long>> finished = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Integer>> second : seconds.entrySet()) {
            if (second.getKey() >= binStart + bins) {
                finished.add(current);
                labels.add(new long[] {binStart});
                for (int w : windows) {
                    if (w > finished.size()) {
                        continue;
                    }
                    for (int code : codes) {
                        double sum = 0;
                        for (int i = finished.size() - w; i < finished.size(); i++) {
                            sum += finished.get(i).getOrDefault(code, 0L);
                        }
                        double mean = sum / w;
                        if (mean > threshold) {
                            lines.add(String.format(Locale.ROOT, "%d w%d %s..%s %.6f", code, w,
                                    SeedCsvErrorParser.clock(labels.get(finished.size() - w)[0]),
                                    SeedCsvErrorParser.clock(binStart), mean));
                        }
                    }
                }
                binStart += bins;
                current = new LinkedHashMap<>();
            }
            for (Map.Entry<String, Integer> e : second.getValue().entrySet()) {
                int code = Integer.parseInt(e.getKey().substring(e.getKey().indexOf('#') + 1));
                codes.add(code);
                long delta = e.getKey().startsWith(NEW) ? e.getValue() : -e.getValue();
                current.merge(code, delta, Long::sum);
            }
        }
        return lines;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void theComparisonSaysWhatTheLiteralReadingSays(long seed) {
        Random random = new Random(seed);
        int bins = 10;
        int[] windows = {2, 4};
        TreeMap<Integer, Map<String, Integer>> seconds = new TreeMap<>();
        int t = 0;
        while (t < 600) {
            Map<String, Integer> counts = new TreeMap<>();
            for (int code = -2; code <= 3; code++) {
                double canaryRate = code == 1 && t > 200 ? 1.5 : 0.4;
                if (random.nextDouble() < canaryRate / 2) {
                    counts.merge(NEW + "#" + code, 1 + random.nextInt(2), Integer::sum);
                }
                if (random.nextDouble() < 0.2) {
                    counts.merge(OLD + "#" + code, 1, Integer::sum);
                }
            }
            if (!counts.isEmpty()) {
                seconds.put(t, counts);
            }
            // now and then a gap of several empty bins
            t += random.nextDouble() < 0.02 ? 30 + random.nextInt(40) : 1;
        }
        List<String> expected = reference(seconds, bins, 1.25, windows);

        CanaryConfig config = CanaryConfig.defaults().with(CanaryConfig.SEED_COMPATIBLE, bins, 1.25, List.of(4, 2));
        List<List<SecondCount>> stream = new ArrayList<>();
        seconds.forEach((second, counts) -> {
            List<SecondCount> list = new ArrayList<>();
            counts.forEach((key, n) -> list.add(count(second, key.substring(0, key.indexOf('#')),
                    Integer.parseInt(key.substring(key.indexOf('#') + 1)), n)));
            stream.add(list);
        });
        List<String> actual = SeedCompatibleComparisonTest.run(config, stream).alerts().stream()
                .filter(a -> a.status() != AlertStatus.CLEARED)
                .map(a -> String.format(Locale.ROOT, "%d w%d %s..%s %.6f", a.code(), a.window(), a.start(), a.stop(),
                        a.value()))
                .toList();
        assertThat(expected).isNotEmpty();
        assertThat(actual).containsExactlyElementsOf(expected);
    }
}
