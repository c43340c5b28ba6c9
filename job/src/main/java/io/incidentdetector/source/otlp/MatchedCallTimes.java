package io.incidentdetector.source.otlp;

import io.incidentdetector.event.ServiceCallEvent;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.time.Duration;

/**
 * After {@link CalleeMatch}: each call gets its own time (its CLIENT span's end, not the time of the span that
 * completed it), and the watermark is held {@code otlp.match-within} back. A CLIENT end waits at most that long past
 * its time, so a call it becomes is never late; the watermark is held no further.
 */
public final class MatchedCallTimes extends AbstractStreamOperator<ServiceCallEvent>
        implements OneInputStreamOperator<ServiceCallEvent, ServiceCallEvent> {

    private static final long serialVersionUID = 1L;

    private final long holdMs;

    public MatchedCallTimes(Duration matchWithin) {
        this.holdMs = matchWithin.toMillis();
    }

    @Override
    public void processElement(StreamRecord<ServiceCallEvent> element) {
        output.collect(element.replace(element.getValue(), element.getValue().timestamp()));
    }

    @Override
    public void processWatermark(Watermark mark) {
        long t = mark.getTimestamp();
        if (t == Long.MAX_VALUE) {
            output.emitWatermark(mark);
        } else if (t > Long.MIN_VALUE + holdMs) {
            output.emitWatermark(new Watermark(t - holdMs));
        }
    }
}
