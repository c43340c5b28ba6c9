package io.incidentdetector.pipeline;

import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.control.ControlAudit;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Where every dead letter and every control audit record passes before it is written, whichever stage refused the
 * record: each gets its bounded form ({@link DeadLetterBounds}, {@code dead-letters.max-payload}), and those whose
 * original had to be cut are counted.
 */
final class WithinBounds {

    private WithinBounds() {}

    static DeadLetters deadLetters(DeadLetterConfig config) {
        return new DeadLetters(new DeadLetterBounds(config.maxPayload().getBytes()));
    }

    static Audits audits(DeadLetterConfig config) {
        return new Audits(new DeadLetterBounds(config.maxPayload().getBytes()));
    }

    /** Counts {@code dead_letters_truncated}. */
    static final class DeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
        private static final long serialVersionUID = 1L;

        private final DeadLetterBounds bounds;
        private transient Counter truncated;

        DeadLetters(DeadLetterBounds bounds) {
            this.bounds = bounds;
        }

        @Override
        public void open(OpenContext openContext) {
            truncated = getRuntimeContext().getMetricGroup().counter("dead_letters_truncated");
        }

        @Override
        public DeadLetter map(DeadLetter letter) {
            DeadLetter bounded = bounds.apply(letter);
            if (Boolean.TRUE.equals(bounded.truncated())) {
                truncated.inc();
            }
            return bounded;
        }
    }

    /** Counts {@code control_audit_truncated}. */
    static final class Audits extends RichMapFunction<ControlAudit, ControlAudit> {
        private static final long serialVersionUID = 1L;

        private final DeadLetterBounds bounds;
        private transient Counter truncated;

        Audits(DeadLetterBounds bounds) {
            this.bounds = bounds;
        }

        @Override
        public void open(OpenContext openContext) {
            truncated = getRuntimeContext().getMetricGroup().counter("control_audit_truncated");
        }

        @Override
        public ControlAudit map(ControlAudit audit) {
            ControlAudit bounded = audit.bounded(bounds);
            if (Boolean.TRUE.equals(bounded.truncated())) {
                truncated.inc();
            }
            return bounded;
        }
    }
}
