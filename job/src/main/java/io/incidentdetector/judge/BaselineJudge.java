package io.incidentdetector.judge;

import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.model.BaselineModel;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges each window of a pair against the pair's baseline band. Models trained at start-up travel with the
 * function; a pair without one observes its first {@code warmup-windows} windows, then fits a flat robust model
 * kept in keyed state. With phase alignment the live series is mapped onto the training series' time, as the
 * seed did: the first live window of a pair lines up with the first training point.
 */
public final class BaselineJudge extends KeyedProcessFunction<String, WindowStats, WindowVerdict> {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, BaselineModel> trained;
    private final ModelConfig settings;

    private transient ValueState<Long> liveAnchor;
    private transient ValueState<BaselineModel> learned;
    private transient ListState<Double> warmup;
    private transient BaselineTrainer trainer;

    public BaselineJudge(Map<String, BaselineModel> trained, ModelConfig settings) {
        this.trained = new HashMap<>(trained);
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        liveAnchor = getRuntimeContext().getState(new ValueStateDescriptor<>("live-anchor", Types.LONG));
        learned = getRuntimeContext().getState(new ValueStateDescriptor<>("learned-model", BaselineModel.class));
        warmup = getRuntimeContext().getListState(new ListStateDescriptor<>("warmup-values", Types.DOUBLE));
        trainer = new BaselineTrainer(0, settings.period().toMillis(), settings.coverage(), settings.outlierCutoff(),
                settings.minRelativeBand());
    }

    @Override
    public void processElement(WindowStats stats, Context ctx, Collector<WindowVerdict> out) throws Exception {
        long t = stats.end().toEpochMilli();
        BaselineModel model = trained.get(stats.pair());
        if (model == null) {
            model = learned.value();
        }
        if (model == null) {
            learn(stats, t);
            out.collect(new WindowVerdict(stats.end(), stats.pair(), stats.count(), stats.y(), null, null, null, 0,
                    null, null, WindowVerdict.LEARNING));
            return;
        }
        long modelTime = t;
        if (settings.phaseAlign() && BaselineModel.TRAINED.equals(model.source())) {
            Long anchor = liveAnchor.value();
            if (anchor == null) {
                anchor = t;
                liveAnchor.update(anchor);
            }
            modelTime = model.anchorMillis() + (t - anchor);
        }
        double y = stats.y();
        double yhat = model.predict(modelTime);
        double lower = model.lower(yhat);
        double upper = model.upper(yhat);
        int anomaly = y < lower || y > upper ? 1 : 0;
        double mae = Math.abs(y - yhat);
        Double mape = y == 0 ? null : mae / Math.abs(y);
        out.collect(new WindowVerdict(stats.end(), stats.pair(), stats.count(), y, yhat, lower, upper, anomaly, mae,
                mape, model.source()));
    }

    private void learn(WindowStats stats, long t) throws Exception {
        warmup.add(stats.y());
        List<Double> seen = new ArrayList<>();
        warmup.get().forEach(seen::add);
        if (seen.size() < settings.warmupWindows()) {
            return;
        }
        long[] times = new long[seen.size()];
        double[] values = new double[seen.size()];
        for (int i = 0; i < values.length; i++) {
            times[i] = t;
            values[i] = seen.get(i);
        }
        learned.update(trainer.fitFlat(times, values, BaselineModel.LEARNED));
        warmup.clear();
    }
}
