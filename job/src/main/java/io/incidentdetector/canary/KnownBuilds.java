package io.incidentdetector.canary;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.ClientErrorEvent;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Instant;

/** Lets through the baseline and canary builds; an error of any other build is a dead letter that says why. */
public final class KnownBuilds extends ProcessFunction<ClientErrorEvent, ClientErrorEvent> {

    private static final long serialVersionUID = 1L;

    /** Errors of other builds, as dead letters that say why. */
    public static final OutputTag<DeadLetter> UNKNOWN_BUILDS =
            new OutputTag<>("unknown-builds", TypeInformation.of(DeadLetter.class));

    private final String baseline;
    private final String canary;

    public KnownBuilds(String baseline, String canary) {
        this.baseline = baseline;
        this.canary = canary;
    }

    @Override
    public void processElement(ClientErrorEvent event, Context ctx, Collector<ClientErrorEvent> out)
            throws JsonProcessingException {
        if (event.build().equals(baseline) || event.build().equals(canary)) {
            out.collect(event);
        } else {
            ctx.output(UNKNOWN_BUILDS, new DeadLetter("client errors", 0,
                    JsonCodec.mapper().writeValueAsString(event), "build " + event.build()
                            + " is neither the baseline (" + baseline + ") nor the canary (" + canary
                            + "); set canary.baseline-build and canary.canary-build to compare other builds",
                    Instant.ofEpochMilli(event.timestamp())));
        }
    }
}
