package io.incidentdetector.bench;

import io.incidentdetector.kafka.SingleNodeKafka;

import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tests' real single-node Kafka broker ({@link SingleNodeKafka}) in a process of its own, so that the job's CPU
 * figures never include the broker's. {@link #start} launches it with this JVM's class path; it prints its bootstrap
 * address and stops when its standard input closes.
 */
final class LocalBroker implements AutoCloseable {

    private static final String READY = "bootstrap=";

    private final Process process;
    private final String bootstrapServers;

    private LocalBroker(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** The broker at {@code existing} when one is given (left running on close), else a new one. */
    static LocalBroker existingOrStart(String existing, Path logFile) throws IOException {
        return existing != null ? new LocalBroker(null, existing) : start(logFile);
    }

    /** True when this benchmark started the broker. */
    boolean startedHere() {
        return process != null;
    }

    static LocalBroker start(Path logFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx2g");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LocalBroker.class.getName());
        Process process = new ProcessBuilder(command).redirectError(logFile.toFile()).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith(READY)) {
                return new LocalBroker(process, line.substring(READY.length()));
            }
        }
        process.destroyForcibly();
        throw new IOException("the Kafka broker did not start; its log: " + logFile);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    /** CPU seconds the broker process has used so far (Linux), or NaN. */
    double cpuSeconds() {
        return process == null ? Double.NaN : process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        process.getOutputStream().close();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    public static void main(String[] args) throws Exception {
        try (KafkaClusterTestKit cluster = SingleNodeKafka.start(false, Map.of())) {
            System.out.println(READY + cluster.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the parent closes our standard input (or dies)
            }
        }
    }
}
