package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServicePair;

import org.apache.flink.api.connector.source.SourceReaderContext;

import java.util.Arrays;

/**
 * Maps event index {@code i} to a service-call event, deterministically: the schedule of how many calls each pair
 * makes in each simulated second follows the load profile, and every random draw comes from a hash of
 * {@code (seed, i)}. So any split of the index range over parallel readers yields the same events, and the same
 * seed always yields the same run. Event time is simulated: an hour of traffic is generated as fast as the
 * job consumes it.
 */
public final class ServiceCallGenerator implements CallGenerator {

    private static final long serialVersionUID = 1L;

    /** Latency grows by this fraction of the base at 250 users. */
    static final double LOAD_SENSITIVITY = 0.5;
    /** Log-normal spread of single request latencies around the median. */
    static final double LATENCY_SIGMA = 0.3;

    private final Scenario scenario;
    private final long seed;
    private final long startMillis;
    private final double requestsPerUser;
    private final double backgroundRps;

    private transient Schedule schedule;
    private transient int lastSecond;

    private final SplitInterleaving interleaving = new SplitInterleaving();

    public ServiceCallGenerator(Scenario scenario, ScenarioConfig config) {
        this.scenario = scenario;
        this.seed = config.seed();
        this.startMillis = config.start().toEpochMilli();
        this.requestsPerUser = config.requestsPerUser();
        this.backgroundRps = config.backgroundRps();
    }

    /** Total number of events the scenario produces. */
    @Override
    public long count() {
        return schedule().cumulative[schedule().cumulative.length - 1];
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        schedule();
        interleaving.open(count(), readerContext.currentParallelism());
    }

    @Override
    public ServiceCallEvent map(Long index) {
        Schedule s = schedule();
        long i = interleaving.event(index);
        int second = secondOf(s, i);
        int within = (int) (i - s.cumulative[second]);
        int perSecond = (int) (s.cumulative[second + 1] - s.cumulative[second]);
        int pairIndex = 0;
        int offset = within;
        int[] counts = s.perPair[second];
        while (offset >= counts[pairIndex]) {
            offset -= counts[pairIndex];
            pairIndex++;
        }
        Scenario.ServiceProfile service = scenario.services().get(pairIndex);
        long timestamp = startMillis + second * 1000L + (within * 1000L) / perSecond;
        double users = s.users[second];
        double median = service.baseLatencyMs() * (1 + LOAD_SENSITIVITY * users / 250.0);
        double latency = median * Math.exp(LATENCY_SIGMA * IndexRandom.gaussian(seed, i)) + delayAt(s.faultsOf[pairIndex], second);
        return new ServiceCallEvent(timestamp, service.source(), service.destination(), latency, 200);
    }

    private int secondOf(Schedule s, long i) {
        int second = lastSecond;
        if (second < s.cumulative.length - 1 && s.cumulative[second] <= i && i < s.cumulative[second + 1]) {
            return second;
        }
        if (second + 1 < s.cumulative.length - 1 && s.cumulative[second + 1] <= i && i < s.cumulative[second + 2]) {
            lastSecond = second + 1;
            return lastSecond;
        }
        int found = Arrays.binarySearch(s.cumulative, i);
        second = found >= 0 ? found : -found - 2;
        while (s.cumulative[second + 1] == s.cumulative[second]) {
            second++;
        }
        lastSecond = second;
        return second;
    }

    private static double delayAt(Scenario.Fault[] faults, int second) {
        double delay = 0;
        for (Scenario.Fault fault : faults) {
            if (second >= fault.fromSecond() && second < fault.toSecond()) {
                delay += fault.delayMs();
            }
        }
        return delay;
    }

    private Schedule schedule() {
        if (schedule == null) {
            schedule = new Schedule(scenario, requestsPerUser, backgroundRps);
        }
        return schedule;
    }

    /** How many calls each pair makes in each second, and the running total. */
    private static final class Schedule {
        final long[] cumulative;
        final int[][] perPair;
        final double[] users;
        final Scenario.Fault[][] faultsOf;

        Schedule(Scenario scenario, double requestsPerUser, double backgroundRps) {
            int seconds = (int) scenario.duration().toSeconds();
            cumulative = new long[seconds + 1];
            perPair = new int[seconds][];
            users = new double[seconds];
            faultsOf = scenario.services().stream()
                    .map(p -> scenario.faults().stream()
                            .filter(f -> f.pair().equals(ServicePair.key(p.source(), p.destination())))
                            .toArray(Scenario.Fault[]::new))
                    .toArray(Scenario.Fault[][]::new);
            for (int s = 0; s < seconds; s++) {
                users[s] = LoadProfile.usersAt(s, scenario.surges());
                int[] counts = new int[scenario.services().size()];
                int total = 0;
                for (int p = 0; p < counts.length; p++) {
                    double rate = scenario.services().get(p).trafficShare() * (backgroundRps + requestsPerUser * users[s]);
                    counts[p] = (int) Math.round(rate);
                    total += counts[p];
                }
                perPair[s] = counts;
                cumulative[s + 1] = cumulative[s] + total;
            }
        }
    }
}
