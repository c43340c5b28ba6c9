package io.incidentdetector.control;

import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.event.PairPresence;
import io.incidentdetector.event.ServicePair;
import io.incidentdetector.heat.Grouping;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.TimeUtils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where control commands enter the job: each is held until the watermark reaches its {@code at} (commands apply in
 * event time, and a replayed command meets the mesh as it was then), then checked against what the job knows at
 * that time: the pairs present (from the judge), their services and groups, the configured groups and the canary's
 * group. Threshold and silence commands that name something known are passed on (to be broadcast) and echoed as
 * applied; anything else is echoed as rejected with the reason. Acknowledge and resolve name incidents, which only
 * the incident stage knows: they pass on and are echoed there. A silence longer than {@code control.max-silence},
 * a threshold outside {@code control.min-threshold} to {@code control.max-threshold}, and a command that would wait
 * while {@code control.max-waiting} others do, are rejected at once (counted in
 * {@code control_commands_refused}). One instance (keyed by one constant).
 */
public final class CommandGate
        extends KeyedCoProcessFunction<String, ParsedRecord<ControlCommand>, PairPresence, ControlCommand> {

    private static final long serialVersionUID = 1L;

    public static final String KEY = "control";
    public static final OutputTag<ControlAudit> AUDIT =
            new OutputTag<>("control-audit", TypeInformation.of(ControlAudit.class));

    private final Grouping grouping;
    private final HashSet<String> configuredPairs;
    private final HashSet<String> fixedGroups;
    private final double maxPairThreshold;
    private final ControlConfig limits;

    private transient MapState<String, Boolean> pairs;
    private transient WaitingCommands waiting;
    private transient CapRefusals refusals;

    /**
     * @param configuredPairs  pairs the configuration names (known before they show up)
     * @param fixedGroups      groups known without pairs: the configured ones and the canary's
     * @param maxPairThreshold the accumulator's maximum: a pair threshold above it could never be reached
     * @param limits           how many commands may wait, how long a silence may be
     */
    public CommandGate(Grouping grouping, Set<String> configuredPairs, Set<String> fixedGroups,
            double maxPairThreshold, ControlConfig limits) {
        this.grouping = grouping;
        this.configuredPairs = new HashSet<>(configuredPairs);
        this.fixedGroups = new HashSet<>(fixedGroups);
        this.maxPairThreshold = maxPairThreshold;
        this.limits = limits;
    }

    @Override
    public void open(OpenContext openContext) {
        pairs = getRuntimeContext().getMapState(new MapStateDescriptor<>("known-pairs", Types.STRING, Types.BOOLEAN));
        waiting = new WaitingCommands(getRuntimeContext(), limits.maxWaiting());
        refusals = new CapRefusals(getRuntimeContext(), CommandGate.class);
    }

    @Override
    public void processElement1(ParsedRecord<ControlCommand> record, Context ctx, Collector<ControlCommand> out)
            throws Exception {
        if (!record.isValid() && record.value() != null) {
            // read, but refused for its time: the audit names the command, at the time its record was sent (the
            // refused time would be the audit record's Kafka timestamp, which a broker refuses far in the future)
            ctx.output(AUDIT, ControlAudit.refused(record.value(),
                    ctx.timestamp() == null ? null : Instant.ofEpochMilli(ctx.timestamp()), record.error()));
            return;
        }
        if (!record.isValid()) {
            byte[] original = record.original();
            ctx.output(AUDIT, ControlAudit.unreadable(record.topic() + "-" + record.partition() + "-" + record.offset(),
                    ctx.timestamp() == null ? null : Instant.ofEpochMilli(ctx.timestamp()), record.error(),
                    original == null ? null : new String(original, StandardCharsets.UTF_8)));
            return;
        }
        ControlCommand command = record.value();
        if (refusals.refuse(outOfRange(command), command, audit -> ctx.output(AUDIT, audit))
                || refusals.refuse(tooLong(command), command, audit -> ctx.output(AUDIT, audit))) {
            return;
        }
        if (command.at().toEpochMilli() <= ctx.timerService().currentWatermark()) {
            // its time has passed already (a timer that late would wait for the next watermark, or never come)
            check(command, ctx, out);
            return;
        }
        refusals.refuse(waiting.hold(command, ctx.timerService()), command, audit -> ctx.output(AUDIT, audit));
    }

    @Override
    public void processElement2(PairPresence presence, Context ctx, Collector<ControlCommand> out) throws Exception {
        if (presence.present()) {
            pairs.put(presence.pair(), true);
        } else {
            pairs.remove(presence.pair());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ControlCommand> out) throws Exception {
        for (ControlCommand c : waiting.due(timestamp)) {
            check(c, ctx, out);
        }
    }

    /** Why a threshold is outside {@code control.min-threshold} to {@code control.max-threshold}, or null. */
    private String outOfRange(ControlCommand c) {
        if (c.kind() != ControlCommand.Kind.SET_THRESHOLD
                || (c.threshold() >= limits.minThreshold() && c.threshold() <= limits.maxThreshold())) {
            return null;
        }
        return "threshold " + c.threshold() + " is outside control.min-threshold to control.max-threshold ("
                + limits.minThreshold() + " to " + limits.maxThreshold() + "). Fix: set a threshold in that range, or"
                + " change the range in the configuration";
    }

    /** Why a silence is too long for {@code control.max-silence}, or null. */
    private String tooLong(ControlCommand c) {
        if (c.kind() != ControlCommand.Kind.SILENCE
                || Duration.between(c.from(), c.until()).compareTo(limits.maxSilence()) <= 0) {
            return null;
        }
        return "the silence from " + c.from() + " to " + c.until() + " lasts " + String.format(Locale.ROOT,
                "%,.1f days", Duration.between(c.from(), c.until()).toSeconds() / 86_400.0) + ", longer than"
                + " control.max-silence (" + TimeUtils.formatWithHighestUnit(limits.maxSilence()) + "). Fix: silence"
                + " at most that long, and send the silence again with the same id to extend it";
    }

    private void check(ControlCommand c, Context ctx, Collector<ControlCommand> out) throws Exception {
        String problem = problem(c);
        if (problem != null) {
            ctx.output(AUDIT, ControlAudit.rejected(c, problem));
            return;
        }
        out.collect(c);
        if (c.kind() == ControlCommand.Kind.SET_THRESHOLD || c.kind() == ControlCommand.Kind.SILENCE) {
            ctx.output(AUDIT, ControlAudit.applied(c, describe(c)));
        }
    }

    /** Why the command cannot apply, or null. */
    String problem(ControlCommand c) throws Exception {
        if (c.kind() == ControlCommand.Kind.ACKNOWLEDGE || c.kind() == ControlCommand.Kind.RESOLVE) {
            return null;
        }
        if (c.pair() != null && !configuredPairs.contains(c.pair()) && !pairs.contains(c.pair())
                && !knowsOperationOf(c.pair())) {
            return "no pair " + c.pair() + " is known at " + c.at() + " (configured or seen in the input)";
        }
        boolean threshold = c.kind() == ControlCommand.Kind.SET_THRESHOLD;
        if (c.service() != null && !knowsService(c.service(), threshold)) {
            return threshold ? "no pair calls service " + c.service() + " at " + c.at() + " (a service's threshold is"
                    + " the threshold of the calls to it)"
                    : "no service " + c.service() + " is known at " + c.at() + " (no pair calls it or is called by it)";
        }
        if (c.group() != null && !knowsGroup(c.group())) {
            return "no group " + c.group() + " is known at " + c.at() + " (configured, the canary's, or made by a"
                    + " grouping rule from a pair seen)";
        }
        if (c.kind() == ControlCommand.Kind.SET_THRESHOLD && c.group() == null && c.threshold() >= maxPairThreshold) {
            return "threshold " + c.threshold() + " is not below latency.accumulator.max (" + maxPairThreshold
                    + "): the pair could never be hot";
        }
        return null;
    }

    private boolean knowsService(String service, boolean asCallee) throws Exception {
        for (String pair : known()) {
            String[] s = ServicePair.split(pair);
            if (s != null && (s[1].equals(service) || (!asCallee && s[0].equals(service)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a pair split by operation ({@code otlp.split-by}) has {@code pair} as its edge. */
    private boolean knowsOperationOf(String pair) throws Exception {
        for (String seen : pairs.keys()) {
            if (pair.equals(ServicePair.edge(seen))) {
                return true;
            }
        }
        return false;
    }

    private boolean knowsGroup(String group) throws Exception {
        if (fixedGroups.contains(group)) {
            return true;
        }
        for (String pair : known()) {
            if (grouping != null && grouping.groupsOf(pair).contains(group)) {
                return true;
            }
        }
        return false;
    }

    private Iterable<String> known() throws Exception {
        List<String> all = new ArrayList<>(configuredPairs);
        for (String pair : pairs.keys()) {
            all.add(pair);
        }
        return all;
    }

    private static String describe(ControlCommand c) {
        if (c.kind() == ControlCommand.Kind.SET_THRESHOLD) {
            return "threshold of " + c.target() + " is " + c.threshold()
                    + (c.resolveBelow() == null ? "" : ", resolve below " + c.resolveBelow()) + " from " + c.at();
        }
        return (c.suppress() ? "incidents of " + c.target() + " opened from " + c.from() + " to " + c.until()
                + " are held back" : "incidents of " + c.target() + " from " + c.from() + " to " + c.until()
                + " are marked silenced and not notified");
    }
}
