package io.incidentdetector.pipeline;

import io.incidentdetector.canary.BinCell;
import io.incidentdetector.canary.alert.CanaryAlert;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.control.ControlAudit;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.judge.WindowVerdict;

import org.apache.flink.api.connector.sink2.Sink;

import java.util.Objects;
import java.util.Optional;

/**
 * Where results leave the pipelines. Incidents and dead letters always have somewhere to go; every other output is
 * optional, and a stage whose output is absent is simply not attached. Which outputs exist is decided once, by
 * whoever builds this (Kafka topics, files, console), never inside the topology.
 */
public final class Outputs {

    private final Sink<Incident> incidents;
    private final Sink<DeadLetter> deadLetters;
    private final Sink<WindowVerdict> verdicts;
    private final Sink<ServiceCallEvent> lateEvents;
    private final Sink<ClientErrorEvent> lateErrors;
    private final Sink<CanaryAlert> alerts;
    private final Sink<BinCell> heatmapCells;
    private final Sink<String> incidentLines;
    private final Sink<String> alertLines;
    private final Sink<String> verdictTable;
    private final Sink<Incident> notifications;
    private final Sink<ControlAudit> controlAudit;
    private final Sink<String> controlLines;

    private Outputs(Builder b) {
        this.incidents = Objects.requireNonNull(b.incidents, "an incidents sink is required");
        this.deadLetters = Objects.requireNonNull(b.deadLetters, "a dead-letters sink is required");
        this.verdicts = b.verdicts;
        this.lateEvents = b.lateEvents;
        this.lateErrors = b.lateErrors;
        this.alerts = b.alerts;
        this.heatmapCells = b.heatmapCells;
        this.incidentLines = b.incidentLines;
        this.alertLines = b.alertLines;
        this.verdictTable = b.verdictTable;
        this.notifications = b.notifications;
        this.controlAudit = b.controlAudit;
        this.controlLines = b.controlLines;
    }

    public static Builder builder(Sink<Incident> incidents, Sink<DeadLetter> deadLetters) {
        return new Builder(incidents, deadLetters);
    }

    public Sink<Incident> incidents() {
        return incidents;
    }

    public Sink<DeadLetter> deadLetters() {
        return deadLetters;
    }

    public Optional<Sink<WindowVerdict>> verdicts() {
        return Optional.ofNullable(verdicts);
    }

    public Optional<Sink<ServiceCallEvent>> lateEvents() {
        return Optional.ofNullable(lateEvents);
    }

    public Optional<Sink<ClientErrorEvent>> lateErrors() {
        return Optional.ofNullable(lateErrors);
    }

    public Optional<Sink<CanaryAlert>> alerts() {
        return Optional.ofNullable(alerts);
    }

    public Optional<Sink<BinCell>> heatmapCells() {
        return Optional.ofNullable(heatmapCells);
    }

    /** One readable line per incident, for a console. */
    public Optional<Sink<String>> incidentLines() {
        return Optional.ofNullable(incidentLines);
    }

    /** One readable line per canary alert, for a console. */
    public Optional<Sink<String>> alertLines() {
        return Optional.ofNullable(alertLines);
    }

    /** Every window verdict as a row of the lab monitor's table, for a console. */
    public Optional<Sink<String>> verdictTable() {
        return Optional.ofNullable(verdictTable);
    }

    /** Incidents for people to be notified of (Alertmanager), next to the incident output. */
    public Optional<Sink<Incident>> notifications() {
        return Optional.ofNullable(notifications);
    }

    /** Every control command applied or rejected, with the reason. */
    public Optional<Sink<ControlAudit>> controlAudit() {
        return Optional.ofNullable(controlAudit);
    }

    /** One readable line per control command applied or rejected, for a console. */
    public Optional<Sink<String>> controlLines() {
        return Optional.ofNullable(controlLines);
    }

    /** Named optional outputs; any left unset is not attached. */
    public static final class Builder {
        private final Sink<Incident> incidents;
        private final Sink<DeadLetter> deadLetters;
        private Sink<WindowVerdict> verdicts;
        private Sink<ServiceCallEvent> lateEvents;
        private Sink<ClientErrorEvent> lateErrors;
        private Sink<CanaryAlert> alerts;
        private Sink<BinCell> heatmapCells;
        private Sink<String> incidentLines;
        private Sink<String> alertLines;
        private Sink<String> verdictTable;
        private Sink<Incident> notifications;
        private Sink<ControlAudit> controlAudit;
        private Sink<String> controlLines;

        private Builder(Sink<Incident> incidents, Sink<DeadLetter> deadLetters) {
            this.incidents = incidents;
            this.deadLetters = deadLetters;
        }

        public Builder verdicts(Sink<WindowVerdict> sink) {
            this.verdicts = sink;
            return this;
        }

        public Builder lateEvents(Sink<ServiceCallEvent> sink) {
            this.lateEvents = sink;
            return this;
        }

        public Builder lateErrors(Sink<ClientErrorEvent> sink) {
            this.lateErrors = sink;
            return this;
        }

        public Builder alerts(Sink<CanaryAlert> sink) {
            this.alerts = sink;
            return this;
        }

        public Builder heatmapCells(Sink<BinCell> sink) {
            this.heatmapCells = sink;
            return this;
        }

        public Builder incidentLines(Sink<String> sink) {
            this.incidentLines = sink;
            return this;
        }

        public Builder alertLines(Sink<String> sink) {
            this.alertLines = sink;
            return this;
        }

        public Builder verdictTable(Sink<String> sink) {
            this.verdictTable = sink;
            return this;
        }

        public Builder controlAudit(Sink<ControlAudit> sink) {
            this.controlAudit = sink;
            return this;
        }

        public Builder controlLines(Sink<String> sink) {
            this.controlLines = sink;
            return this;
        }

        public Builder notifications(Sink<Incident> sink) {
            this.notifications = sink;
            return this;
        }

        public Outputs build() {
            return new Outputs(this);
        }
    }
}
