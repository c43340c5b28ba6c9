package io.incidentdetector.heat;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.judge.WindowVerdict;

import io.incidentdetector.metrics.LabelledGauges;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.HashMap;

/**
 * Keeps one accumulator per pair in keyed state. A window without traffic (or a scrape gap in a replay, a NaN sample)
 * yields no verdict, yet it is not an anomaly: while a pair carries heat, an event-time timer waits for its next
 * window's verdict, and if the watermark passes that window without one, the window is missing. A verdict that comes
 * after missing windows whose timer has not fired yet (a replay reads faster than watermarks advance) first reports
 * them, so a gap counts the same however fast it is read. A gap is no evidence either way: missing windows hold the
 * heat and are reported with it, so a gap neither cools a fault nor splits it in two; by default they hold it until
 * the pair TTL, with {@code gap-windows} set only that many, and later ones count as quiet (decay, heat emitted
 * without a verdict).
 * Heat state and timer are cleared whenever the accumulator is back at zero, so a quiet pair holds only its
 * {@link ExcursionHistory}, which tells a rare excursion ({@link RareExcursion}) from its usual noise and expires
 * after the pair TTL without windows (processing time). A pair's
 * threshold is the configured one unless a {@code set-threshold} command of the control topic changed it
 * ({@link ThresholdOverrides}, broadcast state).
 */
public final class PairAccumulatorFunction
        extends KeyedBroadcastProcessFunction<String, WindowVerdict, ControlCommand, PairHeat> {

    private static final long serialVersionUID = 1L;

    private final double decay;
    private final double max;
    private final double defaultThreshold;
    private final long windowMillis;
    private final double unitsPerWindow;
    private final HashMap<String, Double> thresholds = new HashMap<>();
    private final WindowEvidence evidence;
    private final RareExcursion rare;
    private final int gapHoldWindows;
    private final java.time.Duration pairTtl;
    /** Evidence value meaning "a missing window within the gap allowance": the heat stays as it is. */
    private static final double HOLD = -1;

    /** Pairs with gauges per subtask: the configured ones, then each the first time it carries heat. */
    static final int MAX_PAIR_GAUGES = 500;

    private final java.util.HashSet<String> namedPairs = new java.util.HashSet<>();

    private transient ValueState<Double> accumulator;
    private transient ValueState<Long> quietTimer;
    private transient ValueState<Integer> missingWindows;
    /** Kept while the pair is quiet too: it is what tells a rare excursion from the pair's usual noise. */
    private transient ValueState<ExcursionHistory> excursions;
    private transient LabelledGauges pairGauges;

    public PairAccumulatorFunction(LatencyConfig config) {
        this.decay = config.accumulator().decay();
        this.max = config.accumulator().max();
        this.defaultThreshold = config.accumulator().defaultThreshold();
        this.windowMillis = config.window().toMillis();
        this.unitsPerWindow = config.accumulator().unitsPer(config.window());
        this.evidence = new WindowEvidence(config.accumulator());
        this.rare = new RareExcursion(config.accumulator(), config.window());
        this.gapHoldWindows = config.gapHoldWindows();
        this.pairTtl = config.pairTtl();
        config.pairs().forEach(p -> thresholds.put(p.key(), config.thresholdOf(p.key())));
        config.pairs().forEach(p -> namedPairs.add(p.key()));
        config.groups().forEach(g -> g.pairs().forEach(pair -> namedPairs.add(ServicePair.normalise(pair))));
    }

    @Override
    public void open(OpenContext openContext) {
        accumulator = getRuntimeContext().getState(new ValueStateDescriptor<>("accumulator", Types.DOUBLE));
        quietTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("quiet-window-timer", Types.LONG));
        missingWindows = getRuntimeContext().getState(new ValueStateDescriptor<>("missing-windows", Types.INT));
        var history = new ValueStateDescriptor<>("excursion-history", Types.POJO(ExcursionHistory.class));
        // a pair silent for its TTL is forgotten; the history is the only state kept while a pair is quiet
        history.enableTimeToLive(StateTtlConfig.newBuilder(pairTtl).build());
        excursions = getRuntimeContext().getState(history);
        // a mesh has thousands of pairs: the configured ones and those that have carried heat get series, at most
        // MAX_PAIR_GAUGES per subtask
        pairGauges = new LabelledGauges(getRuntimeContext().getMetricGroup(), "pair", MAX_PAIR_GAUGES,
                "y", "y_min", "y_max", "mae", "mape", "anomaly_count", "accumulator");
    }

    @Override
    public void processElement(WindowVerdict verdict, ReadOnlyContext ctx, Collector<PairHeat> out) throws Exception {
        var overrides = ctx.getBroadcastState(ThresholdOverrides.PAIRS);
        Long pending = quietTimer.value();
        // windows between the one the timer waits for and this verdict's are missing: report them first, in order
        for (long end = pending == null ? Long.MAX_VALUE : pending + 1; end < verdict.time().toEpochMilli()
                && accumulator.value() != null; end += windowMillis) {
            Instant windowEnd = Instant.ofEpochMilli(end);
            double threshold = threshold(overrides, verdict.pair(), windowEnd);
            missingWindow(verdict.pair(), windowEnd, ctx.timerService(), threshold, out);
        }
        missingWindows.clear();
        ExcursionHistory history = excursions.value();
        history = history == null ? new ExcursionHistory() : history;
        double windowEvidence = rare.evidence(evidence.of(verdict), evidence.beyond(verdict), history);
        excursions.update(history);
        update(verdict.pair(), verdict.time(), windowEvidence, verdict, ctx.timerService(),
                threshold(overrides, verdict.pair(), verdict.time()), out);
    }

    @Override
    public void processBroadcastElement(ControlCommand command, Context ctx, Collector<PairHeat> out)
            throws Exception {
        ThresholdOverrides.keep(ctx.getBroadcastState(ThresholdOverrides.PAIRS), command, false);
    }

    private double threshold(org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, ControlCommand> state,
            String pair, Instant t) throws Exception {
        ControlCommand override = ThresholdOverrides.forPair(state, pair, t.toEpochMilli());
        return override != null ? override.threshold() : thresholds.getOrDefault(pair, defaultThreshold);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PairHeat> out) throws Exception {
        quietTimer.clear();
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // End of input: no more data is not the same as quiet windows; keep the last word of the data.
            accumulator.clear();
            missingWindows.clear();
            return;
        }
        Instant windowEnd = Instant.ofEpochMilli(timestamp + 1);
        missingWindow(ctx.getCurrentKey(), windowEnd, ctx.timerService(),
                threshold(ctx.getBroadcastState(ThresholdOverrides.PAIRS), ctx.getCurrentKey(), windowEnd), out);
    }

    /** A window without a verdict: no evidence of recovery, so it holds the heat within the gap allowance. */
    private void missingWindow(String pair, Instant windowEnd, org.apache.flink.streaming.api.TimerService timers,
            double threshold, Collector<PairHeat> out) throws Exception {
        Integer missing = missingWindows.value();
        int gaps = missing == null ? 1 : missing + 1;
        missingWindows.update(gaps);
        update(pair, windowEnd, gaps <= gapHoldWindows ? HOLD : 0, null, timers, threshold, out);
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private void update(String pair, Instant windowEnd, double windowEvidence, WindowVerdict verdict,
            org.apache.flink.streaming.api.TimerService timers, double threshold, Collector<PairHeat> out)
            throws Exception {
        Double current = accumulator.value();
        double held = current == null ? 0 : current;
        double next = windowEvidence == HOLD ? held
                : Accumulator.next(held, windowEvidence, decay, max, unitsPerWindow);
        Long pending = quietTimer.value();
        if (pending != null) {
            timers.deleteEventTimeTimer(pending);
            quietTimer.clear();
        }
        if (next == 0) {
            accumulator.clear();
            missingWindows.clear();
        } else {
            accumulator.update(next);
            // the timestamp the pair's next window verdict will carry (window end - 1)
            long nextVerdict = windowEnd.toEpochMilli() + windowMillis - 1;
            timers.registerEventTimeTimer(nextVerdict);
            quietTimer.update(nextVerdict);
        }
        if (next > 0 || namedPairs.contains(pair) || pairGauges.has(pair)) {
            if (verdict != null) {
                pairGauges.set(pair, verdict.y(), orNaN(verdict.yMin()), orNaN(verdict.yMax()), orNaN(verdict.mae()),
                        orNaN(verdict.mape()), verdict.anomalyCount(), next);
            } else {
                pairGauges.set(pair, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, next);
            }
        }
        out.collect(new PairHeat(windowEnd, pair, next, threshold, next > threshold, verdict));
    }
}
