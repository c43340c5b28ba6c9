package io.incidentdetector.judge;

import io.incidentdetector.config.LatencyConfig;
import io.incidentdetector.config.PairConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.metrics.ThrottledLog;
import io.incidentdetector.model.TrainedBaseline;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.functions.OpenContext;
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

import java.time.Duration;
import java.util.HashSet;

/**
 * Where a pair lives, and where its windows are judged: every pair that appears in the input is judged
 * ({@link PairModel}), with its baseline in its own keyed state ({@link PairState}).
 * <ul>
 *   <li>A new pair is admitted if the cap ({@code latency.max-pairs}) leaves room ({@link PairAdmission}); else its
 *       window goes to the dead letters with the reason ({@link PairRefusal}). An admitted pair is announced on
 *       {@link #PRESENCE}.</li>
 *   <li>A pair with a training file gets its baseline from the second input, fitted inside the job; its windows wait
 *       until it arrives, or until every training file has been read without it (then it learns online). Any other
 *       pair learns online: its model starts on its first windows.</li>
 *   <li>A pair silent for {@code latency.pair-ttl} (event time) is forgotten: state and timer cleared, announced as
 *       gone. Configured pairs keep their trained baseline.</li>
 * </ul>
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

    private final PairModel model;
    private final long maxPairs;
    private final long pairTtlMillis;
    private final HashSet<String> trainedPairs = new HashSet<>();
    private final HashSet<String> excludedPairs = new HashSet<>();
    private final boolean trainingForNewPairs;

    private transient ValueState<PairState> pairState;
    private transient TrainingWait training;
    private transient PairAdmission admission;
    private transient Counter refused;
    private transient Counter judged;
    private transient Counter anomalous;
    private transient ThrottledLog refusals;

    public BaselineJudge(LatencyConfig config) {
        this(config, false);
    }

    /**
     * @param trainingForNewPairs the training input also brings baselines of pairs nobody configured (fitted from
     *                            a Prometheus history): a new pair's windows wait for it too, as a configured pair's do
     */
    public BaselineJudge(LatencyConfig config, boolean trainingForNewPairs) {
        this.trainingForNewPairs = trainingForNewPairs;
        this.model = new PairModel(config.model(), config.window());
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
        admission = new PairAdmission(maxPairs);
        admission.initialize(context.getOperatorStateStore(), context.isRestored(), getRuntimeContext().getTaskInfo());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        admission.snapshot();
    }

    @Override
    public void open(OpenContext openContext) {
        pairState = getRuntimeContext().getState(new ValueStateDescriptor<>("pair-state",
                TypeInformation.of(PairState.class)));
        training = new TrainingWait(getRuntimeContext(), trainingForNewPairs);
        refused = getRuntimeContext().getMetricGroup().counter("pairs_refused");
        judged = getRuntimeContext().getMetricGroup().counter("windows_judged");
        anomalous = getRuntimeContext().getMetricGroup().counter("windows_anomalous");
        refusals = new ThrottledLog(LOG, Duration.ofMinutes(1));
        getRuntimeContext().getMetricGroup().gauge("pairs_tracked", () -> admission.tracked());
    }

    @Override
    public void processElement1(WindowStats stats, Context ctx, Collector<WindowVerdict> out) throws Exception {
        String pair = stats.pair();
        if (excludedPairs.contains(ServicePair.edge(pair))) {
            return;
        }
        PairState state = pairState.value();
        long t = stats.end().toEpochMilli();
        if (state == null) {
            state = admit(pair);
            if (state == null) {
                DeadLetter letter = PairRefusal.beyondCap(stats, maxPairs, admission.tracked(), admission.budget());
                ctx.output(REFUSED, letter);
                refusals.warn("{}", letter.reason());
                return;
            }
        }
        if (state.lastSeen() == Long.MIN_VALUE) {
            // its first window (a trained pair's state may exist before it, from its training file)
            ctx.output(PRESENCE, new PairPresence(pair, t, true));
        }
        state = expiresAfter(state.seenAt(t), ctx);
        if (training.expects(state)) {
            if (ctx.timerService().currentWatermark() == Long.MIN_VALUE) {
                // the training source sends no watermark until it has read every file: it is still coming
                training.hold(stats);
                pairState.update(state);
                return;
            }
            state = noTrainingCame(pair, state, out);
        }
        pairState.update(judge(stats, state, out));
    }

    /** Every training file has been read and none was this pair's: it learns online, from the windows that waited. */
    private PairState noTrainingCame(String pair, PairState state, Collector<WindowVerdict> out) throws Exception {
        if (state.configured()) {
            // a source restored as finished
            LOG.warn("{}: no baseline came from its training file; the pair learns online", pair);
            return releaseWaiting(state.learnsOnline(), out);
        }
        // the history had no baseline for it; once it has started learning, no window waits any more
        return state.warmup().length == 0 ? releaseWaiting(state, out) : state;
    }

    private PairState releaseWaiting(PairState state, Collector<WindowVerdict> out) throws Exception {
        return training.release(state, (waiting, s) -> judge(waiting, s, out));
    }

    /** A baseline fitted from the pair's training file: kept in its state; the windows that waited are judged. */
    @Override
    public void processElement2(TrainedBaseline trained, Context ctx, Collector<WindowVerdict> out) throws Exception {
        PairState state = pairState.value();
        if (state == null) {
            state = admit(trained.pair());
            if (state == null) {
                return;
            }
            if (!state.configured() && ctx.timestamp() != null) {
                // a pair of the history that never shows live is forgotten like any silent pair
                state = expiresAt(ctx.timestamp() + pairTtlMillis, state, ctx);
            }
        }
        if (trained.model() != null) {
            state = state.withModel(trained.model());
        } else {
            LOG.warn("{}: {} ({}); the pair learns online", trained.pair(), trained.problem(), trained.origin());
            ctx.output(REFUSED, PairRefusal.unusableTraining(trained));
            state = state.learnsOnline();
        }
        pairState.update(releaseWaiting(state, out));
    }

    /** A new pair's state, or null when the cap leaves it no room (counted); a configured pair is always admitted. */
    private PairState admit(String pair) {
        boolean configured = trainedPairs.contains(pair);
        if (configured) {
            admission.force(pair);
        } else if (!admission.admit(pair)) {
            refused.inc();
            return null;
        }
        return PairState.fresh(configured);
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
            forget(pair);
            return;
        }
        ctx.output(PRESENCE, new PairPresence(pair, Math.min(timestamp, state.lastSeen() + pairTtlMillis), false));
        if (state.configured() && state.model() != null) {
            // the trained model is configuration: kept, with its phase, for when the pair comes back
            pairState.update(state.forgottenKeepingModel());
            return;
        }
        forget(pair);
    }

    private void forget(String pair) {
        training.clear();
        pairState.clear();
        admission.release(pair);
    }

    /** One expiry timer per pair, set when none is pending; a timer that fires early just sets the next one. */
    private PairState expiresAfter(PairState state, Context ctx) {
        return state.expiryTimer() != 0 ? state : expiresAt(state.lastSeen() + pairTtlMillis, state, ctx);
    }

    private static PairState expiresAt(long at, PairState state, Context ctx) {
        ctx.timerService().registerEventTimeTimer(at);
        return state.withExpiryTimer(at);
    }

    private PairState judge(WindowStats stats, PairState state, Collector<WindowVerdict> out) {
        PairModel.Step step = model.judge(stats, state);
        if (step.judged()) {
            judged.inc();
            anomalous.inc(step.verdict().anomalyCount());
        }
        out.collect(step.verdict());
        return step.state();
    }
}
