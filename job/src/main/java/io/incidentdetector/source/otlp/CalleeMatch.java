package io.incidentdetector.source.otlp;

import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServicePair;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * Names the callee of a CLIENT span that names it by an IP address or not at all, from its SERVER child span (the
 * same trace, the child's parent span id is the CLIENT's span id): the child's service, as the Collector's
 * servicegraph connector pairs them. Keyed by trace id. Whichever end comes first waits for the other until the
 * watermark passes its span's end plus {@code otlp.match-within}. Then a CLIENT end left alone is the call to the
 * address it names (as without matching; nothing if it names none) and is counted; a SERVER end left alone is
 * dropped (its parent named its callee, or was not traced). At most {@code otlp.max-waiting-spans-per-trace} ends of
 * one trace wait: a CLIENT end beyond it is used as it is, a SERVER end dropped, both counted. A call keeps its CLIENT
 * span's end as its time ({@link MatchedCallTimes} stamps it). Split by operation, a matched call takes its SERVER
 * span's operation, else its CLIENT span's.
 */
public final class CalleeMatch extends KeyedProcessFunction<String, SpanCall, ServiceCallEvent> {

    private static final long serialVersionUID = 1L;

    private final long matchWithinMs;
    private final int maxWaiting;
    private transient MapState<String, ServiceCallEvent> clients;
    private transient MapState<String, ServiceCallEvent> servers;
    private transient ValueState<Integer> waiting;
    private transient Counter matched;
    private transient Counter unmatched;
    private transient Counter beyondCap;

    public CalleeMatch(Duration matchWithin, int maxWaitingPerTrace) {
        this.matchWithinMs = matchWithin.toMillis();
        this.maxWaiting = maxWaitingPerTrace;
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<ServiceCallEvent> call = TypeInformation.of(ServiceCallEvent.class);
        clients = getRuntimeContext().getMapState(new MapStateDescriptor<>("otlp-waiting-clients", Types.STRING, call));
        servers = getRuntimeContext().getMapState(new MapStateDescriptor<>("otlp-waiting-servers", Types.STRING, call));
        waiting = getRuntimeContext().getState(new ValueStateDescriptor<>("otlp-waiting-ends", Types.INT));
        matched = getRuntimeContext().getMetricGroup().counter("otlp-callees-from-server-spans");
        unmatched = getRuntimeContext().getMetricGroup().counter("otlp-client-spans-unmatched");
        beyondCap = getRuntimeContext().getMetricGroup().counter("otlp-spans-beyond-trace-cap");
    }

    @Override
    public void processElement(SpanCall end, Context ctx, Collector<ServiceCallEvent> out) throws Exception {
        boolean client = end.role() == SpanCall.Role.CLIENT;
        MapState<String, ServiceCallEvent> others = client ? servers : clients;
        ServiceCallEvent other = others.get(end.spanId());
        if (other != null) {
            others.remove(end.spanId());
            count(-1);
            matched.inc();
            out.collect(client ? called(end.call(), other.destination()) : called(other, end.call().destination()));
            return;
        }
        MapState<String, ServiceCallEvent> mine = client ? clients : servers;
        if (mine.contains(end.spanId())) {
            mine.put(end.spanId(), end.call());
        } else if (count(0) >= maxWaiting) {
            beyondCap.inc();
            if (client) {
                alone(end.call(), out);
            }
            return;
        } else {
            mine.put(end.spanId(), end.call());
            count(1);
        }
        ctx.timerService().registerEventTimeTimer(end.call().timestamp() + matchWithinMs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ServiceCallEvent> out) throws Exception {
        int left = expire(clients, timestamp, out) + expire(servers, timestamp, null);
        count(-left);
        if (count(0) <= 0) {
            clients.clear();
            servers.clear();
            waiting.clear();
        }
    }

    /** Removes the ends whose time is up; CLIENT ends ({@code out} not null) become their calls. */
    private int expire(MapState<String, ServiceCallEvent> ends, long now, Collector<ServiceCallEvent> out)
            throws Exception {
        int removed = 0;
        Iterator<Map.Entry<String, ServiceCallEvent>> it = ends.iterator();
        while (it.hasNext()) {
            ServiceCallEvent call = it.next().getValue();
            if (call.timestamp() + matchWithinMs <= now) {
                it.remove();
                removed++;
                if (out != null) {
                    unmatched.inc();
                    alone(call, out);
                }
            }
        }
        return removed;
    }

    /** The CLIENT end's call to the callee its SERVER end names, under the SERVER end's operation, else its own. */
    private static ServiceCallEvent called(ServiceCallEvent client, String callee) {
        String operation = CallOperation.operation(callee);
        String destination = operation != null ? callee
                : ServicePair.withOperation(callee, CallOperation.operation(client.destination()));
        return new ServiceCallEvent(client.timestamp(), client.source(), destination, client.latencyMs(),
                client.status());
    }

    /** A CLIENT end without its SERVER end: the call to the address it names, if any. */
    private static void alone(ServiceCallEvent call, Collector<ServiceCallEvent> out) {
        if (call.destination() != null) {
            out.collect(call);
        }
    }

    private int count(int change) throws Exception {
        Integer n = waiting.value();
        int now = (n == null ? 0 : n) + change;
        if (change != 0) {
            waiting.update(now);
        }
        return now;
    }
}
