package io.incidentdetector.pipeline;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ClientErrorEvent;

import org.apache.flink.streaming.api.datastream.DataStream;

/** Where client errors enter the job, with watermarks assigned, and the records that could not be read. */
public record CanaryInputs(DataStream<ClientErrorEvent> errors, DataStream<DeadLetter> deadLetters) {}
