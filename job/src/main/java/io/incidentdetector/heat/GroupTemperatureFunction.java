package io.incidentdetector.heat;

import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.incident.GroupHeat;
import io.incidentdetector.incident.Severity;
import io.incidentdetector.metrics.LabelledGauges;
import io.incidentdetector.state.EventTimeBuffer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sums a group's pair accumulators into its temperature once per window. One watermark may release many windows
 * at once, so heat is buffered by window time and applied on an event-time timer at that time: when it fires,
 * the heat of every pair for that window has arrived (whatever subtask computed it) and no later window has been
 * applied yet. Pairs whose accumulator is back at zero are dropped from the sum. Membership is dynamic: a pair is a
 * member from its first report until it has been silent for the pair TTL, and the live members count for the
 * severity rule; a group with no member left holds no state. The operations of a pair split by operation
 * ({@code otlp.split-by}) are one member, its edge: as hot as its hottest operation, counted once. A group's threshold and resolve-below are the
 * configured ones unless a {@code set-threshold} command of the control topic changed them (broadcast state).
 */
public final class GroupTemperatureFunction
        extends KeyedBroadcastProcessFunction<String, GroupMember, ControlCommand, GroupHeat> {

    private static final long serialVersionUID = 1L;

    /** Groups with gauges per subtask; the rest are counted in the aggregate gauges only. */
    static final int MAX_GROUP_GAUGES = 1000;

    private final Grouping grouping;
    private final long pairTtlMillis;

    private transient MapState<String, PairHeat> current;
    private transient MapState<String, Long> lastSeen;
    private transient ValueState<Long> expiryTimer;
    private transient EventTimeBuffer<PairHeat> pending;
    private transient LabelledGauges groupGauges;

    public GroupTemperatureFunction(Grouping grouping, Duration pairTtl) {
        this.grouping = grouping;
        this.pairTtlMillis = pairTtl.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<PairHeat> heatType = TypeInformation.of(PairHeat.class);
        current = getRuntimeContext().getMapState(new MapStateDescriptor<>("current-pair-heat", Types.STRING, heatType));
        lastSeen = getRuntimeContext().getMapState(new MapStateDescriptor<>("member-last-seen", Types.STRING, Types.LONG));
        expiryTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("member-expiry-timer", Types.LONG));
        pending = EventTimeBuffer.create(getRuntimeContext(), "pending-pair-heat", heatType);
        groupGauges = new LabelledGauges(getRuntimeContext().getMetricGroup(), "group", MAX_GROUP_GAUGES,
                "temperature", "hot_pairs");
    }

    @Override
    public void processElement(GroupMember member, ReadOnlyContext ctx, Collector<GroupHeat> out) throws Exception {
        pending.add(member.heat().time().toEpochMilli(), member.heat(), ctx.timerService());
    }

    @Override
    public void processBroadcastElement(ControlCommand command, Context ctx, Collector<GroupHeat> out)
            throws Exception {
        ThresholdOverrides.keep(ctx.getBroadcastState(ThresholdOverrides.GROUPS), command, true);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GroupHeat> out) throws Exception {
        List<PairHeat> arrived = pending.release(timestamp);
        for (PairHeat heat : arrived) {
            current.put(heat.pair(), heat);
            lastSeen.put(heat.pair(), heat.time().toEpochMilli());
        }
        int live = forgetSilentMembers(timestamp, ctx);
        if (arrived.isEmpty()) {
            return; // only the expiry timer fired: no window to report
        }

        String group = ctx.getCurrentKey();
        Grouping.Settings settings = grouping.settingsOf(group);
        ControlCommand override = ThresholdOverrides.forGroup(ctx.getBroadcastState(ThresholdOverrides.GROUPS), group,
                timestamp);
        if (override != null) {
            settings = settings.with(override.threshold(), override.resolveBelow());
        }
        // a pair split by operation heats its edge as much as its hottest operation does
        Map<String, Double> edges = new LinkedHashMap<>();
        Set<String> hotEdges = new TreeSet<>();
        List<PairHeat> pairs = new ArrayList<>();
        List<String> cold = new ArrayList<>();
        for (PairHeat heat : current.values()) {
            String edge = ServicePair.edge(heat.pair());
            edges.merge(edge, heat.accumulator(), Math::max);
            pairs.add(heat);
            if (heat.hot()) {
                hotEdges.add(edge);
            }
            if (heat.accumulator() == 0) {
                cold.add(heat.pair());
            }
        }
        double temperature = 0;
        for (double edgeHeat : edges.values()) {
            temperature += edgeHeat;
        }
        for (String pair : cold) {
            current.remove(pair);
        }
        List<String> hot = new ArrayList<>(hotEdges);
        pairs.sort((a, b) -> a.pair().compareTo(b.pair()));
        Severity severity = settings.severity(temperature, hot.size(), live);
        groupGauges.set(group, temperature, hot.size());
        out.collect(new GroupHeat(group, Instant.ofEpochMilli(timestamp), temperature, settings.threshold(),
                severity, temperature < settings.resolveBelow(), hot, pairs.stream().map(PairHeat::evidence).toList()));
    }

    /**
     * Drops members silent for the pair TTL and keeps one timer at the earliest next expiry; returns the edges
     * left (a pair's operations are one member). Each group has few members (the callers of one service), so a sweep per window is cheap.
     */
    private int forgetSilentMembers(long now, OnTimerContext ctx) throws Exception {
        List<String> expired = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        Set<String> live = new HashSet<>();
        for (Map.Entry<String, Long> member : lastSeen.entries()) {
            if (member.getValue() + pairTtlMillis <= now) {
                expired.add(member.getKey());
            } else {
                live.add(ServicePair.edge(member.getKey()));
                earliest = Math.min(earliest, member.getValue());
            }
        }
        for (String pair : expired) {
            lastSeen.remove(pair);
            current.remove(pair);
        }
        // At most one expiry timer per group, never deleted (a heat timer may share its time): it may fire early,
        // then it sweeps nothing and is set again for the earliest member.
        Long timer = expiryTimer.value();
        if (timer != null && timer <= now) {
            expiryTimer.clear();
            timer = null;
        }
        if (live.isEmpty()) {
            expiryTimer.clear();
        } else if (timer == null) {
            long at = earliest + pairTtlMillis;
            ctx.timerService().registerEventTimeTimer(at);
            expiryTimer.update(at);
        }
        return live.size();
    }
}
