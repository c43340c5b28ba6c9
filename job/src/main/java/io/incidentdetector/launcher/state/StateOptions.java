package io.incidentdetector.launcher.state;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the local launcher keeps the state of a Kafka, OTLP or Prometheus run between starts, and how it starts. */
public final class StateOptions {

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "keep the state of a Kafka, OTLP or Prometheus run here between starts (default:"
                    + " ~/.local/state/incident-detector/<job.name>, or under $XDG_STATE_HOME)")
    public Path stateDir;

    @Option(names = "--fresh",
            description = "start without the kept state; it is moved to <state-dir>/set-aside/<time>, not deleted")
    public boolean fresh;

    @Option(names = "--allow-non-restored-state",
            description = "resume although the checkpoint holds state of operators the job no longer has (that"
                    + " state is dropped, as with flink run --allowNonRestoredState)")
    public boolean allowNonRestoredState;

    boolean given() {
        return stateDir != null || fresh || allowNonRestoredState;
    }
}
