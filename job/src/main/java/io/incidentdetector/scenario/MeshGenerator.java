package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.event.ServiceCallEvent;

import org.apache.flink.api.connector.source.SourceReaderContext;

import java.util.Arrays;
import java.util.Random;

/**
 * The calls of a {@link MeshScenario}, event {@code i} computed from {@code i} alone like {@link ServiceCallGenerator}:
 * how many calls each edge makes in a second follows its rate times the load curve, integrated so the counts add up
 * exactly; every random draw is a hash of {@code (seed, i)}. Per-second tables (which edge an index falls on, the
 * latency of every service in that second) are computed when a reader enters a second, so memory does not grow with
 * the run's length beyond one number per second.
 */
public final class MeshGenerator implements CallGenerator {

    private static final long serialVersionUID = 1L;

    /** Peak-to-mean swing of the daily load. */
    static final double LOAD_SWING = 0.4;
    /** How much of the load swing shows in latency. */
    static final double LOAD_LATENCY = 0.1;
    static final double LATENCY_SIGMA = 0.25;
    /** Share of single requests that hit a pause (GC, cold connection) of 3-10x. */
    static final double SPIKE_SHARE = 0.005;
    /** Spread of a caller-side delay from call to call (log-normal, median the fault's delay). */
    static final double CALLER_SIGMA = 0.3;

    private final MeshScenario scenario;
    private final long seed;
    private final long startMillis;

    private transient MeshTopology topology;
    private transient long[] cumulative;
    private transient double[] loadIntegral;
    private transient int[] faultService;
    private transient int[] faultEdge;
    private transient int[] faultCaller;
    private transient int[][] transients;
    private transient int cachedSecond;
    private transient int[] edgePrefix;
    private transient double[] inclusiveMs;
    /** Per service in the cached second: the delay every call it makes carries (caller CPU, pod network). */
    private transient double[] outgoingMs;

    private final SplitInterleaving interleaving = new SplitInterleaving();

    public MeshGenerator(MeshScenario scenario, ScenarioConfig config) {
        this.scenario = scenario;
        this.seed = config.seed();
        this.startMillis = config.start().toEpochMilli();
    }

    @Override
    public void open(SourceReaderContext readerContext) {
        prepare();
        interleaving.open(count(), readerContext.currentParallelism());
    }

    @Override
    public long count() {
        prepare();
        return cumulative[cumulative.length - 1];
    }

    @Override
    public ServiceCallEvent map(Long index) {
        prepare();
        long i = interleaving.event(index);
        int second = Arrays.binarySearch(cumulative, i);
        second = second >= 0 ? second : -second - 2;
        while (cumulative[second + 1] == cumulative[second]) {
            second++;
        }
        enterSecond(second);
        int within = (int) (i - cumulative[second]);
        int perSecond = (int) (cumulative[second + 1] - cumulative[second]);
        int edge = edgeAt(within);
        long timestamp = startMillis + second * 1000L + (within * 1000L) / perSecond;
        double latency = inclusiveMs[topology.to[edge]] * Math.exp(LATENCY_SIGMA * IndexRandom.gaussian(seed, i)) * spike(i)
                + edgeFault(edge, second);
        double callerDelay = outgoingMs[topology.from[edge]];
        if (callerDelay != 0) {
            // the caller's side: it measures the call as longer, its callee is as fast as ever
            latency += callerDelay * Math.exp(CALLER_SIGMA * IndexRandom.gaussian(seed, i ^ 0x3C3C3C3C3C3C3C3CL));
        }
        return new ServiceCallEvent(timestamp, topology.services[topology.from[edge]],
                topology.services[topology.to[edge]], latency, 200);
    }

    /** The edge whose calls of this second include offset {@code within}: the last with a prefix not above it. */
    private int edgeAt(int within) {
        int lo = 0;
        int hi = topology.edgeCount() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (edgePrefix[mid] <= within) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private void prepare() {
        if (cumulative != null) {
            return;
        }
        topology = scenario.topology();
        int seconds = (int) scenario.duration().toSeconds();
        double day = scenario.dayLength().toSeconds();
        loadIntegral = new double[seconds + 1];
        for (int s = 0; s < seconds; s++) {
            loadIntegral[s + 1] = loadIntegral[s] + load(s, day);
        }
        cumulative = new long[seconds + 1];
        for (int s = 0; s < seconds; s++) {
            long total = 0;
            for (int e = 0; e < topology.edgeCount(); e++) {
                total += callsOf(e, s);
            }
            cumulative[s + 1] = cumulative[s] + total;
        }
        faultService = new int[scenario.faults().size()];
        faultEdge = new int[scenario.faults().size()];
        faultCaller = new int[scenario.faults().size()];
        for (int f = 0; f < faultService.length; f++) {
            String text = scenario.faults().get(f).target();
            FaultTarget target = FaultTarget.parse(text);
            int service = require(topology.indexOf(target.service()), target.service());
            faultService[f] = target.slowsCallsIn() ? service : -1;
            faultCaller[f] = target.slowsCallsOut() ? service : -1;
            faultEdge[f] = -1;
            if (target.kind() == FaultTarget.Kind.PAIR) {
                int callee = require(topology.indexOf(target.callee()), target.callee());
                for (int e = 0; e < topology.edgeCount(); e++) {
                    if (topology.from[e] == service && topology.to[e] == callee) {
                        faultEdge[f] = e;
                    }
                }
                require(faultEdge[f], text);
            }
        }
        Random random = new Random(seed ^ 0x5DEECE66DL);
        int count = (int) Math.round(scenario.transientsPerHour() * seconds / 3600.0);
        transients = new int[count][];
        for (int t = 0; t < count; t++) {
            int from = random.nextInt(Math.max(1, seconds - 60));
            // one service 1.5 to 5 times as slow for 10 to 40 s: shorter than a pair needs to turn hot
            transients[t] = new int[] {random.nextInt(topology.serviceCount()), from, from + 10 + random.nextInt(31),
                    150 + random.nextInt(351)};
        }
    }

    private static int require(int index, String name) {
        if (index < 0) {
            throw new IllegalArgumentException("the mesh has no service or edge '" + name + "'");
        }
        return index;
    }

    /** Calls of edge {@code e} in second {@code s}: the whole calls its integrated rate completes in that second. */
    private long callsOf(int e, int s) {
        double phase = (IndexRandom.mix(e * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
        double rate = topology.rate[e];
        return (long) Math.floor(rate * loadIntegral[s + 1] + phase) - (long) Math.floor(rate * loadIntegral[s] + phase);
    }

    /** Load at second {@code s}: lowest at the start of each day, highest half a day later. */
    static double load(int s, double daySeconds) {
        return 1 - LOAD_SWING * Math.cos(2 * Math.PI * s / daySeconds);
    }

    private void enterSecond(int second) {
        if (edgePrefix != null && second == cachedSecond) {
            return;
        }
        int edges = topology.edgeCount();
        if (edgePrefix == null) {
            edgePrefix = new int[edges + 1];
            inclusiveMs = new double[topology.serviceCount()];
            outgoingMs = new double[topology.serviceCount()];
        }
        for (int e = 0; e < edges; e++) {
            edgePrefix[e + 1] = edgePrefix[e] + (int) callsOf(e, second);
        }
        double latencyFactor = 1 + LOAD_LATENCY * (load(second, scenario.dayLength().toSeconds()) - 1);
        // callees are always in deeper layers, which have higher indices: fill from the deepest up
        for (int svc = topology.serviceCount() - 1; svc >= 0; svc--) {
            double own = topology.ownMs[svc] * latencyFactor * transientFactor(svc, second) + serviceFault(svc, second);
            double downstream = 0;
            for (int e : topology.callsOf[svc]) {
                downstream += topology.share[e] * (inclusiveMs[topology.to[e]] + edgeFault(e, second));
            }
            inclusiveMs[svc] = own + downstream;
            outgoingMs[svc] = delayOf(faultCaller, svc, second);
        }
        cachedSecond = second;
    }

    private double transientFactor(int svc, int second) {
        for (int[] t : transients) {
            if (t[0] == svc && second >= t[1] && second < t[2]) {
                return t[3] / 100.0;
            }
        }
        return 1.0;
    }

    private double serviceFault(int svc, int second) {
        return delayOf(faultService, svc, second);
    }

    private double edgeFault(int edge, int second) {
        return delayOf(faultEdge, edge, second);
    }

    /** The delays of the faults on {@code target} (a service or an edge, as {@code targets} holds them) at a second. */
    private double delayOf(int[] targets, int target, int second) {
        double delay = 0;
        for (int f = 0; f < targets.length; f++) {
            MeshScenario.MeshFault fault = scenario.faults().get(f);
            if (targets[f] == target && second >= fault.fromSecond() && second < fault.toSecond()) {
                delay += fault.delayMs();
            }
        }
        return delay;
    }

    private double spike(long i) {
        double u = IndexRandom.uniform(seed, i ^ 0x5A5A5A5A5A5A5A5AL);
        return u < SPIKE_SHARE ? 3 + 7 * u / SPIKE_SHARE : 1;
    }
}
