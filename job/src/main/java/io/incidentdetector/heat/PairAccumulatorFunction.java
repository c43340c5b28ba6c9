package io.incidentdetector.heat;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.judge.WindowVerdict;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;

/**
 * Keeps one accumulator per pair in keyed state. The state entry is cleared whenever the accumulator is back at
 * zero, so a quiet pair holds no state.
 */
public final class PairAccumulatorFunction extends KeyedProcessFunction<String, WindowVerdict, PairHeat> {

    private static final long serialVersionUID = 1L;

    private final double decay;
    private final double max;
    private final double defaultThreshold;
    private final HashMap<String, Double> thresholds = new HashMap<>();

    private transient ValueState<Double> accumulator;

    public PairAccumulatorFunction(LatencyConfig config) {
        this.decay = config.accumulator().decay();
        this.max = config.accumulator().max();
        this.defaultThreshold = config.accumulator().defaultThreshold();
        config.pairs().forEach(p -> thresholds.put(p.key(), config.thresholdOf(p.key())));
    }

    @Override
    public void open(OpenContext openContext) {
        accumulator = getRuntimeContext().getState(new ValueStateDescriptor<>("accumulator", Types.DOUBLE));
    }

    @Override
    public void processElement(WindowVerdict verdict, Context ctx, Collector<PairHeat> out) throws Exception {
        Double current = accumulator.value();
        double next = Accumulator.next(current == null ? 0 : current, verdict.anomalyCount(), decay, max);
        if (next == 0) {
            accumulator.clear();
        } else {
            accumulator.update(next);
        }
        double threshold = thresholds.getOrDefault(verdict.pair(), defaultThreshold);
        out.collect(new PairHeat(verdict.time(), verdict.pair(), next, threshold, next > threshold, verdict));
    }
}
