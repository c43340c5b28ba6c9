package io.incidentdetector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local launcher as a user runs it: {@code java -jar target/incident-detector-local.jar ARGS} in a process of its
 * own (built by {@code package}, before the ITCases run), its console in a file. It can be stopped as Ctrl-C stops it
 * (SIGTERM) or killed outright (SIGKILL), which no in-process run can do to an embedded MiniCluster.
 */
public final class LauncherProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "incident-detector-local.jar").toAbsolutePath();

    private final Process process;
    private final Path console;
    private final long startedAt = System.nanoTime();

    private LauncherProcess(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /** Starts the launcher with {@code args}, extra environment variables, and stdout and stderr in {@code console}. */
    public static LauncherProcess start(Path console, Map<String, String> environment, String... args)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the ITCases after `mvn package`");
        }
        // the JIT's first tier only: a test's run is too short for the optimizing compiler to pay for the CPU it
        // takes, which on a small CI machine slows the run and every test beside it (about half the CPU time)
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        builder.environment().putAll(environment);
        return new LauncherProcess(builder.start(), console);
    }

    /** Everything printed so far. */
    public String console() {
        try {
            return Files.exists(console) ? Files.readString(console) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the console shows {@code text}; fails at once if the process ends first. Returns the time taken. */
    public Duration awaitConsole(String text, Duration timeout) {
        WaitUntil.until("'" + text + "' on the launcher's console", timeout, () -> {
            String printed = console();
            if (!printed.contains(text) && !process.isAlive()) {
                throw new AssertionError("the launcher ended with " + process.exitValue() + " before printing '"
                        + text + "':\n" + printed);
            }
            return printed;
        }, printed -> printed.contains(text));
        return elapsed();
    }

    /** Time since the process was started. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** Waits for the process to end by itself; returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the launcher still runs after " + timeout + ":\n" + console());
        }
        return process.exitValue();
    }

    /** As Ctrl-C: SIGTERM, then waits for the process to end; returns its exit code. */
    public int stop() throws InterruptedException {
        process.destroy();
        return awaitExit(Duration.ofSeconds(60));
    }

    /** As {@code kill -9}: SIGKILL, nothing runs after it; returns the exit code. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
