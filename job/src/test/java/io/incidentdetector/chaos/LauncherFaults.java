package io.incidentdetector.chaos;

import io.incidentdetector.kafka.KafkaBroker;
import io.incidentdetector.testing.LauncherProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The job as a user runs it locally, {@code java -jar incident-detector-local.jar --kafka} with the bundled
 * configuration and the default state folder, killed (SIGKILL) or stopped (SIGTERM, as Ctrl-C) and started again with
 * the same command.
 */
final class LauncherFaults implements ChaosITCase.Faults {

    private final Path dir;
    private final String[] command;
    private final Map<String, String> environment;
    private LauncherProcess launcher;
    private int starts;

    LauncherFaults(Path dir, KafkaBroker broker) {
        this.dir = dir;
        this.command = new String[] {"--kafka", "--bootstrap-servers", broker.bootstrapServers(), "--quiet"};
        this.environment = Map.of("XDG_STATE_HOME", dir.resolve("state-home").toString());
    }

    @Override
    public void start() throws Exception {
        starts++;
        launcher = LauncherProcess.start(dir.resolve("launcher-" + starts + ".log"), environment, command);
        launcher.awaitConsole("state: ", Duration.ofSeconds(90));
    }

    @Override
    public void strike(ChaosITCase.Fault fault) throws Exception {
        switch (fault) {
            case KILL_LAUNCHER -> launcher.kill();
            case STOP_LAUNCHER -> launcher.stop();
            default -> throw new IllegalArgumentException(fault + " does not strike the launcher");
        }
        start();
    }

    @Override
    public void stop() throws InterruptedException {
        launcher.stop();
    }

    @Override
    public void close() throws InterruptedException {
        if (launcher != null) {
            launcher.close();
        }
    }
}
