package io.incidentdetector.pipeline;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.window.WindowStats;

import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where latency data enters the job: raw service-call events (generator, JSON-lines files), ready-made window
 * observations (replayed Prometheus query_range exports), and the records that could not be read. Any of the
 * three may be null. Timestamps and watermarks are already assigned at the source.
 */
public record LatencyInputs(
        DataStream<ServiceCallEvent> events, DataStream<WindowStats> replayedWindows, DataStream<DeadLetter> deadLetters) {}
