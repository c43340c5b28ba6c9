package io.incidentdetector.heat;

import io.incidentdetector.config.GroupConfig;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Severity;

import io.incidentdetector.metrics.LabelledGauges;
import io.incidentdetector.state.EventTimeBuffer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Sums a group's pair accumulators into its temperature once per window. One watermark may release many windows
 * at once, so heat is buffered by window time and applied on an event-time timer at that time: when it fires,
 * the heat of every pair for that window has arrived (whatever subtask computed it) and no later window has been
 * applied yet. Pairs whose accumulator is back at zero are dropped, so a quiet group holds no state.
 */
public final class GroupTemperatureFunction extends KeyedProcessFunction<String, GroupMember, GroupHeat> {

    private static final long serialVersionUID = 1L;

    private final HashMap<String, GroupConfig> groups = new HashMap<>();

    private transient MapState<String, PairHeat> current;
    private transient EventTimeBuffer<PairHeat> pending;
    private transient LabelledGauges groupGauges;

    public GroupTemperatureFunction(List<GroupConfig> groups) {
        groups.forEach(g -> this.groups.put(g.name(), g));
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<PairHeat> heatType = TypeInformation.of(PairHeat.class);
        current = getRuntimeContext().getMapState(new MapStateDescriptor<>("current-pair-heat", Types.STRING, heatType));
        pending = EventTimeBuffer.create(getRuntimeContext(), "pending-pair-heat", heatType);
        groupGauges = new LabelledGauges(getRuntimeContext().getMetricGroup(), "group", groups.size(),
                "temperature", "hot_pairs");
    }

    @Override
    public void processElement(GroupMember member, Context ctx, Collector<GroupHeat> out) throws Exception {
        pending.add(member.heat().time().toEpochMilli(), member.heat(), ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GroupHeat> out) throws Exception {
        for (PairHeat heat : pending.release(timestamp)) {
            current.put(heat.pair(), heat);
        }

        GroupConfig group = groups.get(ctx.getCurrentKey());
        double temperature = 0;
        List<String> hot = new ArrayList<>();
        List<PairHeat> pairs = new ArrayList<>();
        List<String> cold = new ArrayList<>();
        for (PairHeat heat : current.values()) {
            temperature += heat.accumulator();
            pairs.add(heat);
            if (heat.hot()) {
                hot.add(heat.pair());
            }
            if (heat.accumulator() == 0) {
                cold.add(heat.pair());
            }
        }
        for (String pair : cold) {
            current.remove(pair);
        }
        hot.sort(null);
        pairs.sort((a, b) -> a.pair().compareTo(b.pair()));
        Severity severity = null;
        if (temperature > group.threshold() && !hot.isEmpty()) {
            severity = hot.size() >= group.sev1MinPairs() ? Severity.SEV1 : Severity.SEV2;
        }
        groupGauges.set(group.name(), temperature, hot.size());
        out.collect(new GroupHeat(group.name(), Instant.ofEpochMilli(timestamp), temperature, group.threshold(),
                severity, temperature < group.resolveBelow(), hot, pairs.stream().map(PairHeat::evidence).toList()));
    }
}
