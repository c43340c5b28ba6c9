package io.incidentdetector.canary;

import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.metrics.LabelledGauges;
import io.incidentdetector.metrics.ThrottledLog;
import io.incidentdetector.state.EventTimeBuffer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Runs one {@link CanaryComparison} (keyed by comparison). Bins need every code's counts at once (the seed closes
 * bins on a record of any code; rate mode normalises by each build's total traffic), so a comparison is one
 * keyed instance; its per-code state lives inside it. Per-second counts arrive from parallel window operators in
 * any order: they are buffered by second and applied on an event-time timer, in time order. Alerts are the main
 * output; heatmap cells, per-bin regression heat (for incident promotion) and the counts of codes refused by
 * {@code canary.max-codes} (dead letters) are side outputs.
 */
public final class CanaryBinner extends KeyedProcessFunction<String, SecondCount, CanaryAlert> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<BinCell> CELLS = new OutputTag<>("heatmap-cells", TypeInformation.of(BinCell.class));
    public static final OutputTag<GroupHeat> HEAT = new OutputTag<>("regression-heat", TypeInformation.of(GroupHeat.class));
    public static final OutputTag<DeadLetter> REFUSED_CODES =
            new OutputTag<>("refused-codes", TypeInformation.of(DeadLetter.class));

    private final CanaryComparison comparison;

    private transient ValueState<CanaryState> state;
    private transient EventTimeBuffer<SecondCount> pending;
    private transient LabelledGauges codeGauges;
    private transient Counter codesRefused;
    private transient ThrottledLog refusals;
    private transient volatile int codesCompared;

    /** Error codes with a gauge per comparison; codes come from the data, so they are capped. */
    static final int MAX_CODE_GAUGES = 200;

    public CanaryBinner(CanaryComparison comparison) {
        this.comparison = comparison;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("canary-state", CanaryState.class));
        // a second starting at t is complete once the watermark reaches t + 999
        pending = EventTimeBuffer.create(getRuntimeContext(), "pending-seconds", TypeInformation.of(SecondCount.class),
                999);
        codeGauges = new LabelledGauges(getRuntimeContext().getMetricGroup(), "code", MAX_CODE_GAUGES,
                "bin_value", "bin_canary_count", "bin_baseline_count");
        codesRefused = getRuntimeContext().getMetricGroup().counter("canary_codes_refused");
        getRuntimeContext().getMetricGroup().gauge("canary_codes_compared", () -> codesCompared);
        refusals = new ThrottledLog(LoggerFactory.getLogger(CanaryBinner.class), Duration.ofMinutes(1));
    }

    private void cell(Context ctx, BinCell cell) {
        ctx.output(CELLS, cell);
        codeGauges.set(Integer.toString(cell.code()), cell.value(), cell.canaryCount(), cell.baselineCount());
    }

    @Override
    public void processElement(SecondCount count, Context ctx, Collector<CanaryAlert> out) throws Exception {
        pending.add(count.second(), count, ctx.timerService());
    }

    /**
     * Timers fire at {@code second + 999}: for a second with counts, to apply them; if bins close by event time
     * (rate mode) also at the end of the open bin while an alert is active, to finish it even if no record comes (a
     * silent canary must be able to cool down). The end of input is not silence: no bin is finished by time then.
     * The end of input is when the watermark has jumped to its end and no second with counts is still held: a job
     * whose sources finish early sees the final watermark while many seconds are still to apply, and those must be
     * applied, silent bins included, exactly as when the watermark came second by second.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CanaryAlert> out) throws Exception {
        long second = pending.timeOf(timestamp);
        CanaryState current = state.value();
        if (current == null) {
            current = new CanaryState();
        }
        List<SecondCount> counts = pending.release(timestamp);
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE && pending.isEmpty();
        if (!counts.isEmpty()) {
            // a stable order inside the second keeps output identical at any parallelism
            counts.sort((a, b) -> a.build().equals(b.build()) ? Integer.compare(a.code(), b.code())
                    : a.build().compareTo(b.build()));
            List<SecondCount> refused = comparison.accept(current, second, counts, out::collect,
                    cell -> cell(ctx, cell), heat -> ctx.output(HEAT, heat));
            for (SecondCount count : refused) {
                DeadLetter letter = comparison.refusal(current, count);
                ctx.output(REFUSED_CODES, letter);
                codesRefused.inc();
                refusals.warn("{}", letter.reason());
            }
        } else if (!endOfInput) {
            comparison.closeIfDue(current, second, out::collect, cell -> cell(ctx, cell),
                    heat -> ctx.output(HEAT, heat));
        }
        if (comparison.closesByEventTime() && !current.active.isEmpty() && !endOfInput && current.binStart != null) {
            ctx.timerService().registerEventTimeTimer(comparison.openBinEnd(current) + 999);
        }
        codesCompared = current.codes.size();
        state.update(current);
    }
}
