package io.incidentdetector.source;

import io.incidentdetector.connectors.kafka.ParsedRecord;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Shows only valid records to the watermark generator it wraps. A dead letter has no event time of its own, so it
 * must neither move the watermark nor count as activity: a partition that receives nothing but bad records must
 * still become idle, or it would hold back every incident.
 */
final class ValidRecordsOnly<T> implements WatermarkGenerator<ParsedRecord<T>> {

    private final WatermarkGenerator<ParsedRecord<T>> inner;

    ValidRecordsOnly(WatermarkGenerator<ParsedRecord<T>> inner) {
        this.inner = inner;
    }

    @Override
    public void onEvent(ParsedRecord<T> record, long timestamp, WatermarkOutput output) {
        if (record.isValid()) {
            inner.onEvent(record, timestamp, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        inner.onPeriodicEmit(output);
    }
}
