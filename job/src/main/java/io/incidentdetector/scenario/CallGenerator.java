package io.incidentdetector.scenario;

import io.incidentdetector.event.ServiceCallEvent;

import org.apache.flink.connector.datagen.source.GeneratorFunction;

/** Maps an event index to a service call, the same for any split of the index range over parallel readers. */
public interface CallGenerator extends GeneratorFunction<Long, ServiceCallEvent> {

    /** How many events the scenario produces. */
    long count();

    /** The event at {@code index}; computing it cannot fail. */
    @Override
    ServiceCallEvent map(Long index);
}
