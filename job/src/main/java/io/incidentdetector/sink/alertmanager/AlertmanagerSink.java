package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.config.AlertmanagerConfig;
import io.incidentdetector.incident.Incident;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Collection;
import java.util.List;

/**
 * Sends incidents to Alertmanager (API v2) as alerts, re-sent while they hold and resolved when the incident is. The
 * alerts held are the writer's state, so they survive restarts and savepoints. Best effort, at least once: a failed
 * delivery is retried, then repaired by the next re-send; Alertmanager de-duplicates by labels. Run it at
 * parallelism 1, where every record of an incident arrives in order.
 */
public final class AlertmanagerSink implements Sink<Incident>, SupportsWriterState<Incident, Alert> {

    private static final long serialVersionUID = 1L;

    private final AlertmanagerConfig config;

    public AlertmanagerSink(AlertmanagerConfig config) {
        this.config = config;
    }

    @Override
    public StatefulSinkWriter<Incident, Alert> createWriter(WriterInitContext context) {
        return new AlertmanagerWriter(config, context, List.of());
    }

    @Override
    public StatefulSinkWriter<Incident, Alert> restoreWriter(WriterInitContext context, Collection<Alert> restored) {
        return new AlertmanagerWriter(config, context, restored);
    }

    @Override
    public SimpleVersionedSerializer<Alert> getWriterStateSerializer() {
        return new AlertSerializer();
    }
}
