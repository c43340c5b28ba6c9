package io.incidentdetector.incident;

import io.incidentdetector.metrics.LabelledGauges;
import io.incidentdetector.state.EventTimeBuffer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import org.apache.flink.api.common.typeinfo.Types;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Gives incidents their identity. CEP signals (sustained heat, cool-down) arrive from two pattern operators, so
 * their arrival order is not their event-time order: each is buffered and applied on an event-time timer at its
 * own time, when the watermark guarantees every earlier signal is in. Per group at most one incident is open;
 * heat opens it; more severity, a new hot subject, or heat that resumes after a partial cool-down (a run of hot
 * windows that does not follow on from the previous one) updates it, so a second fault inside an open incident is
 * never swallowed; a cool-down resolves it and clears all state.
 */
public final class IncidentLifecycle extends KeyedProcessFunction<String, HeatSignal, Incident> {

    private static final long serialVersionUID = 1L;

    /** Groups with a severity gauge per subtask; groups come from the configuration (one for the canary). */
    static final int MAX_GROUP_GAUGES = 1000;

    private final IncidentKind kind;
    private final long windowMillis;

    private transient ValueState<Incident> open;
    private transient ValueState<Long> lastHeat;
    private transient EventTimeBuffer<HeatSignal> pending;
    private transient Counter opened;
    private transient Counter resolved;
    private transient LabelledGauges severityGauges;

    /** @param window the length of one window (or bin): sustained heat that resumes after a gap is news */
    public IncidentLifecycle(IncidentKind kind, Duration window) {
        this.kind = kind;
        this.windowMillis = window.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getState(new ValueStateDescriptor<>("open-incident", Incident.class));
        lastHeat = getRuntimeContext().getState(new ValueStateDescriptor<>("last-sustained-heat", Types.LONG));
        pending = EventTimeBuffer.create(getRuntimeContext(), "pending-signals", TypeInformation.of(HeatSignal.class));
        opened = getRuntimeContext().getMetricGroup().counter("incidents_opened");
        resolved = getRuntimeContext().getMetricGroup().counter("incidents_resolved");
        severityGauges = new LabelledGauges(getRuntimeContext().getMetricGroup(), "group", MAX_GROUP_GAUGES,
                "severity_level");
    }

    /** 0 while no incident is open, 1 for an open SEV2, 2 for an open SEV1: higher is worse. */
    static double severityLevel(Severity severity) {
        return severity == null ? 0 : severity == Severity.SEV1 ? 2 : 1;
    }

    @Override
    public void processElement(HeatSignal signal, Context ctx, Collector<Incident> out) throws Exception {
        pending.add(signal.time().toEpochMilli(), signal, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        List<HeatSignal> signals = pending.release(timestamp);
        signals.sort(Comparator.comparing(HeatSignal::kind));
        for (HeatSignal signal : signals) {
            if (signal.kind() == HeatSignal.Kind.SUSTAINED_HEAT) {
                onHeat(signal, out);
            } else {
                onCooledDown(signal, out);
            }
        }
    }

    private void onHeat(HeatSignal signal, Collector<Incident> out) throws Exception {
        Incident current = open.value();
        Long previousHeat = lastHeat.value();
        lastHeat.update(signal.time().toEpochMilli());
        if (current == null) {
            Incident opened = new Incident(Incident.idFor(kind, signal.group(), signal.time()), IncidentStatus.OPEN,
                    signal.severity(), kind, signal.group(), List.copyOf(new TreeSet<>(signal.subjects())), signal.time(),
                    signal.time(), null, signal.temperature(),
                    signal.severity() + " on " + signal.group() + ": " + String.join(", ", signal.subjects())
                            + " hot since " + signal.since(),
                    signal.evidence());
            open.update(opened);
            out.collect(opened);
            this.opened.inc();
            severityGauges.set(signal.group(), severityLevel(opened.severity()));
            return;
        }
        TreeSet<String> subjects = new TreeSet<>(current.subjects());
        List<String> added = new ArrayList<>();
        for (String subject : signal.subjects()) {
            if (subjects.add(subject)) {
                added.add(subject);
            }
        }
        boolean escalated = signal.severity().moreSevereThan(current.severity());
        // the heat had stopped (windows not hot since the last match) and is back: a new fault, or the same one again
        boolean renewed = previousHeat != null && signal.since().toEpochMilli() > previousHeat + windowMillis;
        Severity severity = escalated ? signal.severity() : current.severity();
        String summary = current.summary();
        if (escalated) {
            summary = "escalated " + current.severity() + " -> " + severity
                    + (added.isEmpty() ? "" : ": " + String.join(", ", added) + " also hot");
        } else if (!added.isEmpty()) {
            summary = "new subject " + String.join(", ", added);
        } else if (renewed) {
            summary = "hot again since " + signal.since() + " after a partial cool-down: "
                    + String.join(", ", signal.subjects());
        }
        Incident next = new Incident(current.id(), IncidentStatus.UPDATED, severity, kind, current.group(),
                List.copyOf(subjects), current.openedAt(), signal.time(), null, signal.temperature(), summary,
                signal.evidence());
        if (escalated || !added.isEmpty() || renewed) {
            out.collect(next);
            open.update(next);
            severityGauges.set(current.group(), severityLevel(severity));
        } else {
            // Same severity and subjects: remember the latest evidence for the resolution, emit nothing. The gauge is
            // set anyway: after a restore it starts empty.
            severityGauges.set(current.group(), severityLevel(current.severity()));
            open.update(new Incident(current.id(), current.status(), current.severity(), kind, current.group(),
                    current.subjects(), current.openedAt(), current.updatedAt(), null, signal.temperature(),
                    current.summary(), signal.evidence()));
        }
    }

    private void onCooledDown(HeatSignal signal, Collector<Incident> out) throws Exception {
        Incident current = open.value();
        if (current == null) {
            return;
        }
        out.collect(new Incident(current.id(), IncidentStatus.RESOLVED, current.severity(), kind, current.group(),
                current.subjects(), current.openedAt(), signal.time(), signal.time(), signal.temperature(),
                "resolved: cooled down since " + signal.since(), signal.evidence()));
        open.clear();
        lastHeat.clear();
        resolved.inc();
        severityGauges.set(current.group(), severityLevel(null));
    }
}
