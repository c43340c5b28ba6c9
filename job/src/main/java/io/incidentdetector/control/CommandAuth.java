package io.incidentdetector.control;

import io.incidentdetector.config.ControlConfig;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.event.ControlCommand;
import io.incidentdetector.metrics.ThrottledLog;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Between the control topic and the gate: refuses a copy of a signed command read before (the same key, id and
 * signature within {@code control.auth.max-age} of its {@code at}; older copies are expired already), and a command
 * beyond {@code control.max-commands-per-minute} of its key id (or of all unsigned commands). What it has seen is in
 * keyed state, so a copy sent after a restart is still a replay. A refused command goes on as a refused record,
 * which the gate audits with the reason. One instance (keyed by one constant).
 */
public final class CommandAuth
        extends KeyedProcessFunction<String, ParsedRecord<ReceivedCommand>, ParsedRecord<ControlCommand>> {

    private static final long serialVersionUID = 1L;
    private static final long MINUTE = 60_000L;

    public static final String KEY = "control";

    private final ControlConfig limits;

    /** {@code key-id id signature} of each signed command read, and when its copies are expired anyway. */
    private transient MapState<String, Long> seen;
    /** Per sender, when its commands of the last minute were read. */
    private transient MapState<String, long[]> recent;
    private transient CapRefusals refusals;
    private transient Counter unauthenticated;
    private transient ThrottledLog log;

    public CommandAuth(ControlConfig limits) {
        this.limits = limits;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-signed-commands", Types.STRING,
                Types.LONG));
        recent = getRuntimeContext().getMapState(new MapStateDescriptor<>("commands-last-minute", Types.STRING,
                PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        refusals = new CapRefusals(getRuntimeContext(), CommandAuth.class);
        unauthenticated = getRuntimeContext().getMetricGroup().counter(CommandVerifier.UNAUTHENTICATED);
        log = new ThrottledLog(LoggerFactory.getLogger(CommandAuth.class), Duration.ofMinutes(1));
    }

    @Override
    public void processElement(ParsedRecord<ReceivedCommand> record, Context ctx,
            Collector<ParsedRecord<ControlCommand>> out) throws Exception {
        ReceivedCommand received = record.value();
        ControlCommand command = received == null ? null : received.command();
        if (!record.isValid()) {
            out.collect(new ParsedRecord<>(record.topic(), record.partition(), record.offset(), command,
                    record.error(), record.original()));
            return;
        }
        String replay = replay(received);
        if (replay != null) {
            unauthenticated.inc();
            log.warn("control command {} refused: {}", command.id(), replay);
            out.collect(refused(record, command, replay));
            return;
        }
        if (refusals.refuse(overRate(received), command, audit -> out.collect(refused(record, command,
                audit.reason())))) {
            return;
        }
        remember(received);
        out.collect(ParsedRecord.ok(record.topic(), record.partition(), record.offset(), command));
    }

    /** Why a signed command is a copy of one read before, or null. */
    private String replay(ReceivedCommand r) throws Exception {
        if (r.keyId() == null) {
            return null;
        }
        for (Iterator<Map.Entry<String, Long>> it = seen.iterator(); it.hasNext();) {
            if (it.next().getValue() < r.readAt()) {
                it.remove();
            }
        }
        if (!seen.contains(seenKey(r))) {
            return null;
        }
        return "replayed: command '" + r.command().id() + "' signed by '" + r.keyId() + "' with this signature was"
                + " read before, within control.auth.max-age of its 'at' (" + r.command().at() + "); a command applies"
                + " once. Fix: to send it again, sign it anew with a new 'at'";
    }

    /** Why one more command of this sender is over the rate, or null. */
    private String overRate(ReceivedCommand r) throws Exception {
        long[] times = recent.get(r.sender());
        int inLastMinute = 0;
        if (times != null) {
            for (long t : times) {
                if (t > r.readAt() - MINUTE) {
                    inLastMinute++;
                }
            }
        }
        if (inLastMinute < limits.maxCommandsPerMinute()) {
            return null;
        }
        return "control.max-commands-per-minute (" + limits.maxCommandsPerMinute() + ") commands of "
                + (r.keyId() == null ? "unsigned senders" : "key '" + r.keyId() + "'") + " were read in the minute"
                + " before " + Instant.ofEpochMilli(r.readAt()) + ", so this one is not applied. Fix: send it again in"
                + " a minute, or raise control.max-commands-per-minute";
    }

    private void remember(ReceivedCommand r) throws Exception {
        long[] times = recent.get(r.sender());
        List<Long> kept = new ArrayList<>();
        if (times != null) {
            Arrays.stream(times).filter(t -> t > r.readAt() - MINUTE).forEach(kept::add);
        }
        kept.add(r.readAt());
        recent.put(r.sender(), kept.stream().mapToLong(Long::longValue).toArray());
        if (r.keyId() != null) {
            seen.put(seenKey(r), r.command().at().toEpochMilli() + limits.auth().maxAge().toMillis());
        }
    }

    private static String seenKey(ReceivedCommand r) {
        return r.keyId() + " " + r.command().id() + " " + r.signature();
    }

    private static ParsedRecord<ControlCommand> refused(ParsedRecord<ReceivedCommand> record, ControlCommand command,
            String why) {
        return ParsedRecord.refused(record.topic(), record.partition(), record.offset(), command, null, why);
    }
}
