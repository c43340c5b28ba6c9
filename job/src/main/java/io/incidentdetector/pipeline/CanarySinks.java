package io.incidentdetector.pipeline;

import io.incidentdetector.canary.BinCell;
import io.incidentdetector.canary.CanaryAlert;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.event.ClientErrorEvent;

import org.apache.flink.api.connector.sink2.Sink;

/** Where canary results leave the job; any sink may be null to drop that output. */
public record CanarySinks(Sink<CanaryAlert> alerts, Sink<String> alertLines, Sink<BinCell> cells,
        Sink<DeadLetter> deadLetters, Sink<ClientErrorEvent> lateErrors) {}
