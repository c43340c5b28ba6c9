package io.incidentdetector.canary.count;

import io.incidentdetector.canary.SecondCount;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.window.PreAggregator;

import org.apache.flink.util.OutputTag;

import java.time.Duration;

/** Client errors counted per (build, code) and second where they were read; the keyed window sums the counts. */
public final class SecondCountCombiner
        extends PreAggregator<ClientErrorEvent, SecondCountCombiner.BuildCode, long[], SecondCount> {

    private static final long serialVersionUID = 1L;

    public SecondCountCombiner(OutputTag<ClientErrorEvent> lateErrors) {
        super(Duration.ofSeconds(1), lateErrors, MAX_OPEN);
    }

    @Override
    protected BuildCode lookup(ClientErrorEvent error) {
        return new BuildCode(error.build(), error.code());
    }

    @Override
    protected long[] create() {
        return new long[1];
    }

    @Override
    protected void add(long[] count, ClientErrorEvent error) {
        count[0]++;
    }

    @Override
    protected SecondCount part(BuildCode key, long start, long[] count) {
        return new SecondCount(start, key.build(), key.code(), count[0]);
    }

    record BuildCode(String build, int code) {}
}
