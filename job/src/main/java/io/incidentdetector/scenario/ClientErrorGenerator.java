package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.event.ClientErrorEvent;

import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Maps event index {@code i} to a client error, deterministically: how many errors each (build, code) reports
 * in each second is a Poisson draw seeded by {@code (seed, second)}, so the same seed gives the same run and any
 * split of the index range over parallel readers gives the same events.
 */
public final class ClientErrorGenerator implements GeneratorFunction<Long, ClientErrorEvent> {

    private static final long serialVersionUID = 1L;

    private final CanaryScenario scenario;
    private final long seed;
    private final long startMillis;

    private transient long[] cumulative;
    private transient int[][] perSecond;

    private final SplitInterleaving interleaving = new SplitInterleaving();

    public ClientErrorGenerator(CanaryScenario scenario, ScenarioConfig config) {
        this.scenario = scenario;
        this.seed = config.seed();
        this.startMillis = config.start().toEpochMilli();
    }

    public long count() {
        schedule();
        return cumulative[cumulative.length - 1];
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        schedule();
        interleaving.open(count(), readerContext.currentParallelism());
    }

    @Override
    public ClientErrorEvent map(Long index) {
        schedule();
        long i = interleaving.event(index);
        int found = Arrays.binarySearch(cumulative, i);
        int second = found >= 0 ? found : -found - 2;
        while (cumulative[second + 1] == cumulative[second]) {
            second++;
        }
        int within = (int) (i - cumulative[second]);
        int total = (int) (cumulative[second + 1] - cumulative[second]);
        int[] counts = perSecond[second];
        int slot = 0;
        int offset = within;
        while (offset >= counts[slot]) {
            offset -= counts[slot];
            slot++;
        }
        int codes = scenario.codes().size();
        String build = slot < codes ? scenario.baselineBuild() : scenario.canaryBuild();
        int code = scenario.codes().get(slot % codes).code();
        long timestamp = startMillis + second * 1000L + (within * 1000L) / total;
        return new ClientErrorEvent(timestamp, build, code, "client-" + Math.floorMod(IndexRandom.mix(seed ^ i), 500));
    }

    private void schedule() {
        if (cumulative != null) {
            return;
        }
        int seconds = (int) scenario.duration().toSeconds();
        int codes = scenario.codes().size();
        cumulative = new long[seconds + 1];
        perSecond = new int[seconds][];
        for (int s = 0; s < seconds; s++) {
            SplittableRandom random = new SplittableRandom(IndexRandom.mix(seed * 31 + s));
            int[] counts = new int[2 * codes];
            long total = 0;
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < codes; c++) {
                    CanaryScenario.CodeRate rate = scenario.codes().get(c);
                    double mean = rate.perMinute() / 60 * (b == 1 ? factor(rate.code(), s) : 1);
                    counts[b * codes + c] = poisson(random, mean);
                    total += counts[b * codes + c];
                }
            }
            perSecond[s] = counts;
            cumulative[s + 1] = cumulative[s] + total;
        }
    }

    private double factor(int code, int second) {
        double factor = 1;
        for (CanaryScenario.Regression r : scenario.regressions()) {
            if (r.code() == code && second >= r.fromSecond() && second < r.toSecond()) {
                factor *= r.factor();
            }
        }
        return factor;
    }

    /** Knuth's method; the means here are at most a few per second. */
    static int poisson(SplittableRandom random, double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int n = 0;
        while (product > limit) {
            product *= random.nextDouble();
            n++;
        }
        return n;
    }
}
