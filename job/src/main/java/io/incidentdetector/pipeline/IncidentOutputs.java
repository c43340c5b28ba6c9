package io.incidentdetector.pipeline;

import io.incidentdetector.incident.Incident;

import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.Optional;

/**
 * Where incidents leave the job: counted, written to the incidents sink, one readable line each on the console if
 * there is one, and sent as notifications if there is a notification sink. One instance all the way: the records of
 * one incident must reach every output in the order they were emitted.
 */
final class IncidentOutputs {

    private IncidentOutputs() {}

    /**
     * @param toNotify what to notify, when not every incident record (the control stage holds some back)
     * @param finalRecords records past every stage, written and notified as they are (the resolutions of incidents
     *                     a previous run left open)
     */
    static void write(DataStream<Incident> incidents, Optional<DataStream<Incident>> toNotify,
            Optional<DataStream<Incident>> finalRecords, Outputs outputs) {
        DataStream<Incident> counted = finalRecords.map(incidents::union).orElse(incidents)
                .map(new Counted<Incident>("incidents"))
                .returns(Incident.class)
                .uid(OperatorIds.INCIDENT_COUNT)
                .name("count incidents")
                .setParallelism(1);
        counted.sinkTo(outputs.incidents()).uid(OperatorIds.SINK_INCIDENTS).name("incidents").setParallelism(1);
        outputs.incidentLines().ifPresent(console -> counted.map(ReadableText::incident).uid(OperatorIds.INCIDENT_TEXT)
                .name("incident text").setParallelism(1)
                .sinkTo(console).uid(OperatorIds.SINK_INCIDENT_LINES).name("incident console").setParallelism(1));
        // its own task: its timers, retries and end-of-input wait never share a thread with the incidents sink
        outputs.notifications().ifPresent(notify -> toNotify.map(some -> finalRecords.map(some::union).orElse(some))
                .orElse(counted).sinkTo(notify)
                .uid(OperatorIds.SINK_NOTIFICATIONS).name("alertmanager").setParallelism(1).disableChaining());
    }
}
