package io.incidentdetector.pipeline;

import io.incidentdetector.config.DeadLetterConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.control.ControlAudit;

import org.apache.flink.configuration.MemorySize;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Every dead letter and audit record leaves the topology bounded, whichever stage made it. */
class WithinBoundsTest {

    static final Instant T = Instant.parse("2026-01-01T00:10:00Z");
    static final DeadLetterConfig CONFIG = new DeadLetterConfig(MemorySize.parse("1kb"));

    @Test
    void deadLettersOfEveryProducerLeaveBounded() throws Exception {
        byte[] original = ("{\"latencyMs\":\"" + "a".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (var h = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(WithinBounds.deadLetters(CONFIG)))) {
            h.open();
            // as a source splits it: original bytes and a reason that quoted the value whole (as before Shown)
            String reason = "'latencyMs' must be a number, got \"" + "a".repeat(600_000) + "\"";
            h.processElement(new DeadLetter("calls", 0, 5L, new String(original, StandardCharsets.UTF_8), reason, null,
                    original), 1L);
            // as a stage makes one: a payload of its own
            h.processElement(new DeadLetter("latency.max-pairs", 0, "{\"pair\":\"a->b\"}", "cap reached", T), 2L);
            DeadLetter kafka = h.extractOutputValues().get(0);
            assertThat(kafka.original()).hasSize(1024);
            assertThat(kafka.payload()).hasSize(1024);
            assertThat(kafka.reason()).hasSizeLessThan(1_100).startsWith(reason.substring(0, 1_000))
                    .endsWith("… (" + String.format("%,d", reason.length()) + " chars)");
            assertThat(kafka.originalSize()).isEqualTo((long) original.length);
            assertThat(kafka.sha256()).isEqualTo(DeadLetterBounds.sha256(original));
            assertThat(kafka.truncated()).isTrue();
            DeadLetter own = h.extractOutputValues().get(1);
            assertThat(own.payload()).isEqualTo("{\"pair\":\"a->b\"}");
            assertThat(own.truncated()).isFalse();
            assertThat(own.originalSize()).isEqualTo(15L);
        }
    }

    @Test
    void theAuditOfAnUnreadableControlRecordKeepsItsTextBounded() throws Exception {
        String text = "{\"command\":\"" + "x".repeat(1_000_000);
        try (var h = new OneInputStreamOperatorTestHarness<>(new StreamMap<>(WithinBounds.audits(CONFIG)))) {
            h.open();
            h.processElement(new StreamRecord<>(ControlAudit.unreadable("control-0-7", T, "not JSON", text)));
            h.processElement(new StreamRecord<>(new ControlAudit("c-1", T, "silence", "service a",
                    ControlAudit.APPLIED, "held back", "ann", null)));
            ControlAudit unreadable = h.extractOutputValues().get(0);
            assertThat(unreadable.text()).hasSize(1024).isEqualTo(text.substring(0, 1024));
            assertThat(unreadable.originalSize()).isEqualTo((long) text.length());
            assertThat(unreadable.sha256()).isEqualTo(DeadLetterBounds.sha256(text.getBytes(StandardCharsets.UTF_8)));
            assertThat(unreadable.truncated()).isTrue();
            ControlAudit applied = h.extractOutputValues().get(1);
            assertThat(applied).isEqualTo(new ControlAudit("c-1", T, "silence", "service a", ControlAudit.APPLIED,
                    "held back", "ann", null));
        }
    }
}
