package io.incidentdetector.pipeline;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;

import org.apache.flink.api.connector.sink2.Sink;

/**
 * Where results leave the job. {@code incidents} is required; any other sink may be null to drop that output.
 * {@code incidentLines} and {@code verdictTable} receive human-readable text for a console.
 */
public record LatencySinks(
        Sink<Incident> incidents,
        Sink<WindowVerdict> verdicts,
        Sink<DeadLetter> deadLetters,
        Sink<ServiceCallEvent> lateEvents,
        Sink<String> incidentLines,
        Sink<String> verdictTable) {}
