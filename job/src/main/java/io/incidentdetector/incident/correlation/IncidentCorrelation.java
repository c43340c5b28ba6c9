package io.incidentdetector.incident.correlation;

import io.incidentdetector.event.PairPresence;
import io.incidentdetector.incident.GroupNames;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One view over every open latency incident of the mesh (a single key: incidents are few). It does two things the
 * per-group lifecycles cannot:
 * <ul>
 *   <li><b>one incident per heat</b>: a pair can be in several groups (its callee's and its caller's, or an
 *       explicit group); an incident whose hot pairs all belong to an incident already open is kept silent, so the
 *       same heat never opens two. Explicit groups come first, then callee groups, then caller groups;</li>
 *   <li><b>a named suspect</b> for every published incident, with its kind and reason ({@link SuspectSelection}:
 *       from the shape of all the hot pairs and the call graph learned from the pairs seen), and links between the
 *       incidents one suspect explains and their root incident. A change of suspect or links is emitted as an
 *       update.</li>
 * </ul>
 * Incidents and the pairs that come and go are applied in event-time order (buffered until the watermark passes
 * them), all of one time together, so the result does not depend on arrival order or parallelism. A silent incident
 * is published as soon as its heat is no longer all reported by another (that one resolved, or it is more severe).
 */
public final class IncidentCorrelation extends KeyedCoProcessFunction<String, Incident, PairPresence, Incident> {

    private static final long serialVersionUID = 1L;

    /** The single key of this operator. */
    public static final String MESH = "mesh";

    private transient MapState<String, Long> edges;
    private transient MapState<String, TrackedIncident> tracked;
    private transient EventTimeBuffer<Incident> pending;
    /** Pairs that came or went, by pair, until the watermark passes their time (a mesh starts with thousands). */
    private transient MapState<String, PairPresence> pendingEdges;
    private transient Counter absorbed;
    private transient Counter linked;

    @Override
    public void open(OpenContext openContext) {
        edges = getRuntimeContext().getMapState(new MapStateDescriptor<>("call-graph-edges", Types.STRING, Types.LONG));
        tracked = getRuntimeContext().getMapState(new MapStateDescriptor<>("tracked-incidents", Types.STRING,
                TypeInformation.of(TrackedIncident.class)));
        pending = EventTimeBuffer.create(getRuntimeContext(), "pending-incidents", TypeInformation.of(Incident.class));
        pendingEdges = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-edges", Types.STRING,
                TypeInformation.of(PairPresence.class)));
        absorbed = getRuntimeContext().getMetricGroup().counter("incidents_absorbed");
        linked = getRuntimeContext().getMetricGroup().counter("incidents_linked");
    }

    @Override
    public void processElement1(Incident incident, Context ctx, Collector<Incident> out) throws Exception {
        pending.add(incident.updatedAt().toEpochMilli(), incident, ctx.timerService());
    }

    /** Edges change in event time too, so an evaluation at T sees exactly the pairs that came and went up to T. */
    @Override
    public void processElement2(PairPresence presence, Context ctx, Collector<Incident> out) throws Exception {
        pendingEdges.put(presence.pair(), presence);
        ctx.timerService().registerEventTimeTimer(presence.time());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        List<PairPresence> due = new ArrayList<>();
        for (PairPresence presence : pendingEdges.values()) {
            if (presence.time() <= timestamp) {
                due.add(presence);
            }
        }
        for (PairPresence presence : due) {
            pendingEdges.remove(presence.pair());
            if (presence.present()) {
                edges.put(presence.pair(), presence.time());
            } else {
                edges.remove(presence.pair());
            }
        }
        List<Incident> batch = pending.release(timestamp);
        if (batch.isEmpty()) {
            return;
        }
        batch.sort(Comparator.comparing((Incident i) -> i.status() == IncidentStatus.RESOLVED)
                .thenComparingInt(i -> GroupNames.rank(i.group())).thenComparing(Incident::id));
        Map<String, Incident> lifecycle = new LinkedHashMap<>();
        List<Incident> resolved = new ArrayList<>();
        for (Incident incident : batch) {
            TrackedIncident known = tracked.get(incident.id());
            if (incident.status() == IncidentStatus.RESOLVED) {
                tracked.remove(incident.id());
                if (known != null && known.published()) {
                    Incident last = known.incident();
                    resolved.add(incident.withSuspect(last.suspect(), last.suspectKind(), last.suspectReason(),
                            last.related()));
                }
                continue;
            }
            if (coveredByOthers(incident)) {
                if (known == null) {
                    absorbed.inc();
                }
                if (known == null || !known.published()) {
                    tracked.put(incident.id(), new TrackedIncident(incident, false));
                    continue;
                }
            }
            Incident published = known != null && !known.published()
                    ? incident.withStatus(IncidentStatus.OPEN, incident.updatedAt(), incident.summary())
                    : incident;
            if (known != null && known.published()) {
                Incident last = known.incident();
                published = published.withSuspect(last.suspect(), last.suspectKind(), last.suspectReason(),
                        last.related());
            }
            tracked.put(incident.id(), new TrackedIncident(published, true));
            lifecycle.put(incident.id(), published);
        }
        publishUncovered(lifecycle, Instant.ofEpochMilli(timestamp));
        nameSuspects(Instant.ofEpochMilli(timestamp), lifecycle, out);
        resolved.forEach(out::collect);
    }

    /**
     * A silent incident whose heat is no longer all reported by others (the incident that covered it resolved, or it
     * is more severe) is published now, as OPEN with its own id and opening time.
     */
    private void publishUncovered(Map<String, Incident> lifecycle, Instant now) throws Exception {
        List<Incident> silent = new ArrayList<>();
        for (TrackedIncident t : tracked.values()) {
            if (!t.published()) {
                silent.add(t.incident());
            }
        }
        silent.sort(Comparator.comparingInt((Incident i) -> GroupNames.rank(i.group())).thenComparing(Incident::id));
        for (Incident incident : silent) {
            if (!coveredByOthers(incident)) {
                Incident opened = incident.withStatus(IncidentStatus.OPEN, now, incident.summary());
                tracked.put(incident.id(), new TrackedIncident(opened, true));
                lifecycle.put(incident.id(), opened);
            }
        }
    }

    /** Applies the suspect selection to every published incident; emits what changed. */
    private void nameSuspects(Instant now, Map<String, Incident> lifecycle, Collector<Incident> out)
            throws Exception {
        List<SuspectSelection.Open> open = new ArrayList<>();
        Map<String, Incident> current = new LinkedHashMap<>();
        for (Map.Entry<String, TrackedIncident> entry : tracked.entries()) {
            if (entry.getValue().published()) {
                current.put(entry.getKey(), entry.getValue().incident());
            }
        }
        current.keySet().stream().sorted().forEach(id -> open.add(SuspectSelection.Open.of(current.get(id))));
        CallGraph graph = graph(current.values());
        Map<String, SuspectSelection.Suspect> suspects = new LinkedHashMap<>(SuspectSelection.select(open, graph));
        for (SuspectSelection.Open o : open) {
            Incident last = current.get(o.id());
            if (keepsItsRoot(last, suspects.get(o.id()), current.keySet(), graph)) {
                suspects.put(o.id(), new SuspectSelection.Suspect(last.suspect(), last.suspectKind(),
                        last.suspectReason(), last.related(), false));
            }
        }
        suspects = SuspectSelection.linkRootsBack(suspects);
        for (SuspectSelection.Open o : open) {
            SuspectSelection.Suspect s = suspects.get(o.id());
            Incident last = current.get(o.id());
            Incident fromLifecycle = lifecycle.get(o.id());
            boolean changed = !Objects.equals(last.suspect(), s.suspect()) || last.suspectKind() != s.kind()
                    || !last.related().equals(s.related());
            Incident next;
            if (fromLifecycle != null) {
                next = fromLifecycle.withSuspect(s.suspect(), s.kind(), s.reason(), s.related());
            } else if (changed) {
                next = last.withStatus(IncidentStatus.UPDATED, now, "suspect " + s.suspect() + ": " + s.reason())
                        .withSuspect(s.suspect(), s.kind(), s.reason(), s.related());
            } else {
                continue;
            }
            if (changed && !s.related().isEmpty() && !s.root()) {
                linked.inc();
            }
            tracked.put(o.id(), new TrackedIncident(next, true));
            out.collect(next);
        }
    }

    /**
     * An incident linked to a root below it keeps that suspect when the root resolves first (the tail of the same
     * fault goes on upstream): only an incident further down than its suspect replaces it. While its root is open,
     * the selection decides (the excess figures may have changed).
     */
    private static boolean keepsItsRoot(Incident last, SuspectSelection.Suspect selected, Set<String> open,
            CallGraph graph) {
        boolean wasLinkedBelow = last.suspect() != null && !last.related().isEmpty()
                && !SuspectSelection.touchesSuspect(last) && last.related().stream().noneMatch(open::contains);
        return wasLinkedBelow && !Objects.equals(selected.suspect(), last.suspect())
                && (selected.suspect() == null || !graph.strictlyDownstream(
                        SuspectSelection.serviceOfSuspect(last.suspect()),
                        SuspectSelection.serviceOfSuspect(selected.suspect())));
    }

    /** Its pairs all belong to published incidents, and one of those is at least as severe. */
    private boolean coveredByOthers(Incident incident) throws Exception {
        Set<String> others = new HashSet<>();
        boolean asSevere = false;
        for (Map.Entry<String, TrackedIncident> entry : tracked.entries()) {
            if (entry.getValue().published() && !entry.getKey().equals(incident.id())) {
                Incident other = entry.getValue().incident();
                others.addAll(other.subjects());
                asSevere |= !incident.severity().moreSevereThan(other.severity());
            }
        }
        return asSevere && !incident.subjects().isEmpty() && others.containsAll(incident.subjects());
    }

    /** The pairs seen, plus the pairs of the open incidents (an incident's pairs are edges, whatever else). */
    private CallGraph graph(Iterable<Incident> open) throws Exception {
        CallGraph graph = CallGraph.of(edges.keys());
        open.forEach(i -> i.subjects().forEach(graph::add));
        return graph;
    }
}
