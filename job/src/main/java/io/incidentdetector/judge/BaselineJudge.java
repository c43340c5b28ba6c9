package io.incidentdetector.judge;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.model.BaselineSettings;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.model.OnlineBaseline;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a pair's window is judged, and where a pair lives: every pair that appears in the input is judged, with its
 * baseline in its own keyed state ({@link PairState}).
 * <ul>
 *   <li>A new pair is admitted if the cap ({@code latency.max-pairs}) leaves room ({@link PairAdmission}); else its
 *       window goes to the dead letters with the reason. An admitted pair is announced on {@link #PRESENCE}.</li>
 *   <li>A pair with a training file gets its baseline from the second input, fitted inside the job; its windows wait
 *       until it arrives, or until every training file has been read without it (then it learns online). Any other
 *       pair observes the windows of {@code warmup} (at least {@code warmup-windows}), then starts its model on them.</li>
 *   <li>A pair silent for {@code latency.pair-ttl} (event time) is forgotten: state and timer cleared, announced as
 *       gone. Configured pairs keep their trained baseline.</li>
 * </ul>
 * Every model keeps learning from the pair's windows ({@link OnlineBaseline}: level, daily profile, band from its
 * own residuals, a lasting change becoming the new normal). With {@code phase-align} a trained model is read at the
 * training series' phase: the first live window lines up with the first training point, as the lab monitor did;
 * by default profiles are read by wall-clock time.
 */
public final class BaselineJudge extends KeyedCoProcessFunction<String, WindowStats, TrainedBaseline, WindowVerdict>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BaselineJudge.class);

    /** Pairs that came (first window) and went (silent for the TTL): the edges of the call graph. */
    public static final OutputTag<PairPresence> PRESENCE =
            new OutputTag<>("pair-presence", TypeInformation.of(PairPresence.class));
    /** Windows of pairs refused by the cap, and training files that could not be used. */
    public static final OutputTag<DeadLetter> REFUSED =
            new OutputTag<>("refused-pairs", TypeInformation.of(DeadLetter.class));

    private final ModelConfig modelConfig;
    private final java.time.Duration window;
    private final BaselineSettings settings;
    private final int warmupWindows;
    private final long maxPairs;
    private final long pairTtlMillis;
    private final HashSet<String> trainedPairs = new HashSet<>();
    private final HashSet<String> excludedPairs = new HashSet<>();
    private final boolean trainingForNewPairs;

    private transient ValueState<PairState> pairState;
    private transient ListState<WindowStats> awaitingTraining;
    private transient PairAdmission admission;
    private transient BaselineTrainer trainer;
    private transient Counter refused;
    private transient Counter judged;
    private transient Counter anomalous;

    public BaselineJudge(LatencyConfig config) {
        this(config, false);
    }

    /**
     * @param trainingForNewPairs the training input also brings baselines of pairs nobody configured (fitted from
     *                            a Prometheus history): a new pair's windows wait for it too, as a configured pair's do
     */
    public BaselineJudge(LatencyConfig config, boolean trainingForNewPairs) {
        this.trainingForNewPairs = trainingForNewPairs;
        this.modelConfig = config.model();
        this.window = config.window();
        this.settings = BaselineSettings.of(config.model(), config.window());
        this.warmupWindows = config.model().warmupWindowsAt(config.window());
        this.maxPairs = config.maxPairs();
        this.pairTtlMillis = config.pairTtl().toMillis();
        for (PairConfig pair : config.pairs()) {
            if (pair.excluded()) {
                excludedPairs.add(pair.key());
            } else if (pair.training() != null) {
                trainedPairs.add(pair.key());
            }
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        RuntimeContext runtime = getRuntimeContext();
        admission = new PairAdmission(maxPairs);
        admission.initialize(context.getOperatorStateStore(), context.isRestored(),
                runtime.getTaskInfo().getMaxNumberOfParallelSubtasks(),
                runtime.getTaskInfo().getNumberOfParallelSubtasks(), runtime.getTaskInfo().getIndexOfThisSubtask());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        admission.snapshot();
    }

    @Override
    public void open(OpenContext openContext) {
        pairState = getRuntimeContext().getState(new ValueStateDescriptor<>("pair-state",
                TypeInformation.of(PairState.class)));
        awaitingTraining = getRuntimeContext().getListState(new ListStateDescriptor<>("awaiting-training",
                TypeInformation.of(WindowStats.class)));
        trainer = new BaselineTrainer(modelConfig);
        refused = getRuntimeContext().getMetricGroup().counter("pairs_refused");
        judged = getRuntimeContext().getMetricGroup().counter("windows_judged");
        anomalous = getRuntimeContext().getMetricGroup().counter("windows_anomalous");
        getRuntimeContext().getMetricGroup().gauge("pairs_tracked", () -> admission.tracked());
    }

    @Override
    public void processElement1(WindowStats stats, Context ctx, Collector<WindowVerdict> out) throws Exception {
        String pair = stats.pair();
        if (excludedPairs.contains(pair)) {
            return;
        }
        PairState state = pairState.value();
        long t = stats.end().toEpochMilli();
        if (state == null) {
            boolean configured = trainedPairs.contains(pair);
            if (configured) {
                admission.force(pair);
            } else if (!admission.admit(pair)) {
                refused.inc();
                ctx.output(REFUSED, refusal(stats));
                return;
            }
            state = PairState.fresh(configured);
        }
        if (state.lastSeen() == Long.MIN_VALUE) {
            // its first window (a trained pair's state may exist before it, from its training file)
            ctx.output(PRESENCE, new PairPresence(pair, t, true));
        }
        state = expiresAfter(state.seenAt(t), ctx);
        if (state.model() == null && (state.configured() || trainingForNewPairs)) {
            if (ctx.timerService().currentWatermark() == Long.MIN_VALUE) {
                // the training source sends no watermark until it has read every file: it is still coming
                awaitingTraining.add(stats);
                pairState.update(state);
                return;
            }
            if (state.configured()) {
                // every training file has been read and none was this pair's (a source restored as finished)
                LOG.warn("{}: no baseline came from its training file; the pair learns online", pair);
                state = releaseWaiting(new PairState(null, state.liveAnchor(), new double[0], state.lastSeen(),
                        state.expiryTimer(), false), out);
            } else if (state.warmup().length == 0) {
                // the history had no baseline for it: it learns online, from the windows that waited on
                state = releaseWaiting(state, out);
            }
        }
        pairState.update(judge(stats, state, out));
    }

    private PairState releaseWaiting(PairState state, Collector<WindowVerdict> out) throws Exception {
        for (WindowStats waiting : awaitingTraining.get()) {
            state = judge(waiting, state, out);
        }
        awaitingTraining.clear();
        return state;
    }

    /** A baseline fitted from the pair's training file: kept in its state; the windows that waited are judged. */
    @Override
    public void processElement2(TrainedBaseline trained, Context ctx, Collector<WindowVerdict> out) throws Exception {
        PairState state = pairState.value();
        if (state == null) {
            boolean configured = trainedPairs.contains(trained.pair());
            if (configured) {
                admission.force(trained.pair());
            } else if (!admission.admit(trained.pair())) {
                refused.inc();
                return;
            }
            state = PairState.fresh(configured);
            if (!configured && ctx.timestamp() != null) {
                // a pair of the history that never shows live is forgotten like any silent pair
                long at = ctx.timestamp() + pairTtlMillis;
                ctx.timerService().registerEventTimeTimer(at);
                state = state.withExpiryTimer(at);
            }
        }
        if (trained.model() != null) {
            state = state.withModel(trained.model());
        } else {
            LOG.warn("{}: {} ({}); the pair learns online", trained.pair(), trained.problem(), trained.origin());
            ctx.output(REFUSED, new DeadLetter(trained.origin(), 0, trained.pair(), trained.problem(), null));
            state = new PairState(null, null, new double[0], state.lastSeen(), state.expiryTimer(), false);
        }
        pairState.update(releaseWaiting(state, out));
    }

    /** The expiry timer: forgets a pair silent for the TTL, else waits for its new expiry. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowVerdict> out) throws Exception {
        PairState state = pairState.value();
        if (state == null || state.expiryTimer() != timestamp) {
            return;
        }
        if (state.lastSeen() != Long.MIN_VALUE && state.lastSeen() + pairTtlMillis > timestamp) {
            pairState.update(expiresAfter(state.withExpiryTimer(0), ctx));
            return;
        }
        String pair = ctx.getCurrentKey();
        if (state.lastSeen() == Long.MIN_VALUE && !state.configured()) {
            // a baseline from the history, of a pair that never came: it was never announced
            awaitingTraining.clear();
            pairState.clear();
            admission.release(pair);
            return;
        }
        ctx.output(PRESENCE, new PairPresence(pair, Math.min(timestamp, state.lastSeen() + pairTtlMillis), false));
        if (state.configured() && state.model() != null) {
            // the trained model is configuration: kept, with its phase, for when the pair comes back
            pairState.update(new PairState(state.model(), state.liveAnchor(), new double[0], Long.MIN_VALUE, 0, true));
            return;
        }
        awaitingTraining.clear();
        pairState.clear();
        admission.release(pair);
    }

    /** One expiry timer per pair, set when none is pending; a timer that fires early just sets the next one. */
    private PairState expiresAfter(PairState state, Context ctx) {
        if (state.expiryTimer() != 0) {
            return state;
        }
        long at = state.lastSeen() + pairTtlMillis;
        ctx.timerService().registerEventTimeTimer(at);
        return state.withExpiryTimer(at);
    }

    private PairState judge(WindowStats stats, PairState state, Collector<WindowVerdict> out) {
        long t = stats.end().toEpochMilli();
        OnlineBaseline model = state.model();
        if (model == null) {
            return learn(stats, state, out);
        }
        if (state.liveAnchor() == null) {
            state = state.withAnchor(t);
            if (settings.phaseAlign() && OnlineBaseline.TRAINED.equals(model.source)) {
                // the lab monitor's reading: the first live window lines up with the first training point
                model.phaseOffset = model.firstSeen - t;
            }
        }
        double y = stats.y();
        OnlineBaseline.Judgement j = model.judge(t, y, settings);
        int anomaly = j.anomalous() ? 1 : 0;
        double mae = Math.abs(y - j.yhat());
        Double mape = y == 0 ? null : mae / Math.abs(y);
        judged.inc();
        anomalous.inc(anomaly);
        out.collect(new WindowVerdict(stats.end(), stats.pair(), stats.count(), y, j.yhat(), j.lower(), j.upper(),
                anomaly, mae, mape, j.newNormal() ? WindowVerdict.NEW_NORMAL : model.source));
        return state;
    }

    private PairState learn(WindowStats stats, PairState state, Collector<WindowVerdict> out) {
        out.collect(new WindowVerdict(stats.end(), stats.pair(), stats.count(), stats.y(), null, null, null, 0,
                null, null, WindowVerdict.LEARNING));
        double[] seen = Arrays.copyOf(state.warmup(), state.warmup().length + 1);
        seen[seen.length - 1] = stats.y();
        if (seen.length < warmupWindows) {
            return state.withWarmup(seen);
        }
        return state.withModel(trainer.start(seen, stats.end().toEpochMilli(), window));
    }

    private DeadLetter refusal(WindowStats stats) throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pair", stats.pair());
        fields.put("windowEnd", stats.end().toString());
        fields.put("count", stats.count());
        fields.put("y", Double.isFinite(stats.y()) ? stats.y() : null);
        String window = JsonCodec.mapper().writeValueAsString(fields);
        return new DeadLetter("latency.max-pairs", 0, window, "latency.max-pairs (" + maxPairs + ") reached: "
                + admission.tracked() + " pairs are tracked by this instance (its share is " + admission.budget()
                + "), so the new pair " + stats.pair() + " is not judged. Fix: raise latency.max-pairs, exclude"
                + " pairs under latency.pairs, or shorten latency.pair-ttl", Instant.ofEpochMilli(
                stats.end().toEpochMilli()));
    }
}
