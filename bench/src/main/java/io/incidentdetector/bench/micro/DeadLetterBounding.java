package io.incidentdetector.bench.micro;

import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What bounding a dead letter costs (its SHA-256 above all): a small one, and the 600 KB record cut at 64 KB.
 * {@code java -jar bench/target/incident-detector-bench.jar jmh DeadLetterBounding}; microseconds per dead letter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DeadLetterBounding {

    private final DeadLetterBounds bounds = new DeadLetterBounds(64 * 1024);
    private final byte[] small = "{\"timestamp\":\"2026-01-01T00:05:00Z\",\"source\":\"frontend\"}"
            .getBytes(StandardCharsets.UTF_8);
    private final byte[] large = ("{\"timestamp\":\"2026-01-01T00:05:00Z\",\"source\":\"frontend\","
            + "\"destination\":\"cartservice\",\"latencyMs\":\"" + "a".repeat(600_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    private final String largeText = new String(large, StandardCharsets.UTF_8);

    @Benchmark
    public DeadLetter small() {
        return bounds.apply(new DeadLetter("service-calls", 0, 7L, null, "missing field 'destination'", null, small));
    }

    @Benchmark
    public DeadLetter large() {
        return bounds.apply(new DeadLetter("service-calls", 0, 8L, largeText, "'latencyMs' must be a number", null,
                large));
    }
}
