package io.incidentdetector.pipeline;

import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.control.ControlAudit;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

import java.io.Serializable;

/**
 * Where every dead letter and every control audit record passes before it is written, whichever stage refused the
 * record: each gets its bounded form ({@link DeadLetterBounds}, {@code dead-letters.max-payload}), and those whose
 * original had to be cut are counted ({@code dead_letters_truncated}, {@code control_audit_truncated}).
 */
final class WithinBounds<T> extends RichMapFunction<T, T> {

    private static final long serialVersionUID = 1L;

    /** The bounded form of a record, and whether it was cut. */
    private interface Bound<T> extends Serializable {
        T apply(T record, DeadLetterBounds bounds);
    }

    private interface Cut<T> extends Serializable {
        boolean of(T bounded);
    }

    private final DeadLetterBounds bounds;
    private final String metric;
    private final Bound<T> bound;
    private final Cut<T> cut;
    private transient Counter truncated;

    private WithinBounds(DeadLetterConfig config, String metric, Bound<T> bound, Cut<T> cut) {
        this.bounds = new DeadLetterBounds(config.maxPayload().getBytes());
        this.metric = metric;
        this.bound = bound;
        this.cut = cut;
    }

    static WithinBounds<DeadLetter> deadLetters(DeadLetterConfig config) {
        return new WithinBounds<>(config, "dead_letters_truncated", (letter, b) -> b.apply(letter),
                letter -> Boolean.TRUE.equals(letter.truncated()));
    }

    static WithinBounds<ControlAudit> audits(DeadLetterConfig config) {
        return new WithinBounds<>(config, "control_audit_truncated", ControlAudit::bounded,
                audit -> Boolean.TRUE.equals(audit.truncated()));
    }

    @Override
    public void open(OpenContext openContext) {
        truncated = getRuntimeContext().getMetricGroup().counter(metric);
    }

    @Override
    public T map(T record) {
        T bounded = bound.apply(record, bounds);
        if (cut.of(bounded)) {
            truncated.inc();
        }
        return bounded;
    }
}
