package io.incidentdetector.control;

import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.state.EventTimeBuffer;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the control topic meets incidents, after both pipelines: silences, acknowledgements and hand resolutions.
 * Every record still goes to the incidents output (Kafka, files), marked; only records worth telling someone go to
 * {@link #NOTIFY} (Alertmanager).
 * <ul>
 *   <li><b>Silence</b> (a pair, a service or a group, from..until): records in it are marked with the silence and
 *       not notified; with {@code suppress}, an episode that <em>opens</em> in it is held back entirely, and if it
 *       is still open when the silence ends, its first record after is published as its opening. An episode already
 *       published when a silence starts is only marked, so nobody is left with an open incident that never
 *       resolves.</li>
 *   <li><b>Acknowledge</b>: later records carry who acknowledged; updates at the same severity are not notified; a
 *       change of severity is, and ends the acknowledgement.</li>
 *   <li><b>Resolve</b> by hand: a RESOLVED record at once, for every output; the lifecycle's later records of the
 *       episode are dropped, unless it escalates: then it is announced anew, as OPEN under a new id
 *       ({@code <id>-<epoch second>}).</li>
 * </ul>
 * It runs as one instance (one key) and in event time: incident records are held until the watermark reaches them
 * (the pipelines run at their own pace, so one pipeline's whole incident can arrive before a command that falls
 * inside it), and an acknowledgement or hand resolve at {@code at} is applied between the records before and after
 * {@code at}; one that names no incident open at {@code at} is rejected with the reason. Held records, silences,
 * episodes and waiting commands are keyed state; an episode's is cleared when it resolves, a silence's when it
 * ends. A silence beyond {@code control.max-silences}, and an acknowledgement or hand resolve that would wait while
 * {@code control.max-waiting} others do, are rejected in the audit.
 */
public final class IncidentControl extends KeyedCoProcessFunction<String, Incident, ControlCommand, Incident> {

    private static final long serialVersionUID = 1L;

    public static final String KEY = "incidents";
    public static final OutputTag<Incident> NOTIFY = new OutputTag<>("notify", TypeInformation.of(Incident.class));

    private final ControlConfig limits;

    private transient MapState<String, Episode> episodes;
    private transient Silences silences;
    private transient WaitingCommands waiting;
    private transient EventTimeBuffer<Incident> held;
    private transient Counter suppressed;
    private transient CapRefusals refusals;

    /** @param limits how many silences may be in force, how many commands may wait */
    public IncidentControl(ControlConfig limits) {
        this.limits = limits;
    }

    @Override
    public void open(OpenContext openContext) {
        episodes = getRuntimeContext().getMapState(new MapStateDescriptor<>("controlled-episodes", Types.STRING,
                TypeInformation.of(Episode.class)));
        silences = new Silences(getRuntimeContext());
        waiting = new WaitingCommands(getRuntimeContext(), limits.maxWaiting());
        held = EventTimeBuffer.create(getRuntimeContext(), "held-incidents", TypeInformation.of(Incident.class));
        suppressed = getRuntimeContext().getMetricGroup().counter("incidents_suppressed");
        refusals = new CapRefusals(getRuntimeContext(), IncidentControl.class);
    }

    @Override
    public void processElement1(Incident incident, Context ctx, Collector<Incident> out) throws Exception {
        held.add(ctx.timestamp() != null ? ctx.timestamp() : timeOf(incident).toEpochMilli(), incident,
                ctx.timerService());
    }

    /** One incident record, in event-time order: published as is, marked, renamed, held back or dropped. */
    private void publish(Incident incident, Context ctx, Collector<Incident> out) throws Exception {
        Episode episode = episodes.get(incident.id());
        if (episode == null) {
            // an episode's first record here; one that is not its opening was published before this stage had state
            // (a job that gained the control topic from a savepoint): it stays published, and is closed when it ends
            episode = incident.status() == IncidentStatus.OPEN ? Episode.of(incident.id())
                    : new Episode(incident.id(), true, false, true, incident.severity(), null, null);
        }
        Instant t = timeOf(incident);
        Incident record = incident;
        if (episode.handResolved()) {
            if (incident.status() == IncidentStatus.RESOLVED) {
                episodes.remove(incident.id());
                return;
            }
            if (!incident.severity().moreSevereThan(episode.severity())) {
                return;
            }
            String reopened = incident.id() + "-" + t.getEpochSecond();
            episode = new Episode(reopened, false, false, false, null, null, null);
            record = incident.as(reopened, IncidentStatus.OPEN, null, "escalated after it was resolved by hand: "
                    + incident.summary());
        } else if (!episode.publishedId().equals(incident.id())) {
            record = incident.as(episode.publishedId(), incident.status(), incident.resolvedAt(), incident.summary());
        }
        ControlCommand silence = silences.covering(record, t);
        if (silence != null && silence.suppress() && !episode.published()) {
            suppressed.inc();
            if (record.status() == IncidentStatus.RESOLVED) {
                episodes.remove(incident.id());
            } else {
                episodes.put(incident.id(), episode.holding(record));
            }
            return;
        }
        if (!episode.published() && record.status() != IncidentStatus.OPEN) {
            if (record.status() == IncidentStatus.RESOLVED) {
                episodes.remove(incident.id()); // held back by a silence all its life: nothing to close
                return;
            }
            record = record.as(record.id(), IncidentStatus.OPEN, null, "opened during a silence: " + record.summary());
        }
        String acknowledged = episode.acknowledged();
        boolean severityChanged = episode.published() && record.severity() != episode.severity();
        if (acknowledged != null && severityChanged) {
            acknowledged = null;
        }
        record = record.withControl(silence == null ? null : Silences.describe(silence), acknowledged);
        boolean notify = record.status() == IncidentStatus.RESOLVED ? episode.notified()
                : silence == null && !(acknowledged != null && record.status() == IncidentStatus.UPDATED);
        out.collect(record);
        if (notify) {
            ctx.output(NOTIFY, record);
        }
        if (record.status() == IncidentStatus.RESOLVED) {
            episodes.remove(incident.id());
        } else {
            episodes.put(incident.id(), new Episode(episode.publishedId(), true, false, episode.notified() || notify,
                    record.severity(), acknowledged, record));
        }
    }

    @Override
    public void processElement2(ControlCommand command, Context ctx, Collector<Incident> out) throws Exception {
        if (command.kind() == ControlCommand.Kind.SILENCE) {
            refusals.refuse(silences.add(command, ctx.timerService(), limits.maxSilences()), command,
                    audit -> ctx.output(CommandGate.AUDIT, audit));
        } else if (command.kind() == ControlCommand.Kind.ACKNOWLEDGE || command.kind() == ControlCommand.Kind.RESOLVE) {
            if (command.at().toEpochMilli() <= ctx.timerService().currentWatermark()) {
                // its time has passed here already (a timer that late would wait for the next watermark, or never)
                audit(command, apply(command, out, ctx), ctx);
                return;
            }
            refusals.refuse(waiting.hold(command, ctx.timerService()), command,
                    audit -> ctx.output(CommandGate.AUDIT, audit));
        }
    }

    private static void audit(ControlCommand command, ControlAudit applied, Context ctx) {
        ctx.output(CommandGate.AUDIT, applied != null ? applied : ControlAudit.rejected(command,
                "no open incident " + command.incident() + " at " + command.at()));
    }

    /**
     * Publishes the records of this time, then applies the acknowledgements and hand resolves due, in time order;
     * forgets the silences now over.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        for (Incident incident : held.release(timestamp)) {
            publish(incident, ctx, out);
        }
        for (ControlCommand command : waiting.due(timestamp)) {
            audit(command, apply(command, out, ctx), ctx);
        }
        if (silences.endBy(timestamp)) {
            afterSilence(Instant.ofEpochMilli(timestamp), ctx, out);
        }
    }

    /**
     * A silence ended: an episode it held back and still open is published now as opening, and one it kept from the
     * notifications is notified now, so that a fault outlasting the maintenance is not left unseen.
     */
    private void afterSilence(Instant now, Context ctx, Collector<Incident> out) throws Exception {
        List<Map.Entry<String, Episode>> open = new ArrayList<>();
        for (Map.Entry<String, Episode> entry : episodes.entries()) {
            open.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        for (Map.Entry<String, Episode> entry : open) {
            Episode e = entry.getValue();
            if (e.handResolved() || e.last() == null || e.notified() || silences.covering(e.last(), now) != null) {
                continue;
            }
            Incident record = e.published() ? e.last().withControl(null, e.acknowledged())
                    : e.last().as(e.publishedId(), IncidentStatus.OPEN, null, "opened during a silence that has ended: "
                            + e.last().summary()).withControl(null, null);
            if (!e.published()) {
                out.collect(record);
            }
            ctx.output(NOTIFY, record);
            episodes.put(entry.getKey(), new Episode(e.publishedId(), true, false, true, record.severity(),
                    e.acknowledged(), record));
        }
    }

    /** Applies an acknowledge or resolve to the open incident it names; null when no such incident is open. */
    private ControlAudit apply(ControlCommand command, Collector<Incident> out, Context ctx) throws Exception {
        for (Map.Entry<String, Episode> entry : episodes.entries()) {
            Episode e = entry.getValue();
            if (!e.publishedId().equals(command.incident()) || !e.published() || e.handResolved()) {
                continue;
            }
            String who = (command.by() == null ? "someone" : command.by()) + " at " + command.at();
            if (command.kind() == ControlCommand.Kind.ACKNOWLEDGE) {
                episodes.put(entry.getKey(), e.acknowledgedBy(who));
                if (e.notified() && e.last() != null) {
                    // the same labels with the acknowledgement as an annotation: Alertmanager shows it, pages no one
                    ctx.output(NOTIFY, e.last().withControl(e.last().silence(), who));
                }
                return ControlAudit.applied(command, "acknowledged by " + who + "; updates at " + e.severity()
                        + " are not notified until its severity changes");
            }
            Incident last = e.last();
            Instant at = command.at().isBefore(timeOf(last)) ? timeOf(last) : command.at();
            Incident resolved = last.as(last.id(), IncidentStatus.RESOLVED, at, "resolved by hand by " + who
                    + (command.reason() == null ? "" : ": " + command.reason()));
            out.collect(resolved);
            if (e.notified()) {
                ctx.output(NOTIFY, resolved);
            }
            episodes.put(entry.getKey(), e.resolvedByHand());
            return ControlAudit.applied(command, "resolved by hand at " + at);
        }
        return null;
    }

    static Instant timeOf(Incident incident) {
        return incident.resolvedAt() != null ? incident.resolvedAt()
                : incident.updatedAt() != null ? incident.updatedAt() : incident.openedAt();
    }
}
