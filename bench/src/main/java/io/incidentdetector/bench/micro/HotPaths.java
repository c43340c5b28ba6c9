package io.incidentdetector.bench.micro;

import io.incidentdetector.canary.SecondCount;
import io.incidentdetector.canary.count.SecondCountCombiner;
import io.incidentdetector.config.AccumulatorConfig;
import io.incidentdetector.config.ModelConfig;
import io.incidentdetector.connectors.deadletter.DeadLetter;
import io.incidentdetector.connectors.deadletter.DeadLetterBounds;
import io.incidentdetector.connectors.kafka.ParsedRecord;
import io.incidentdetector.connectors.kafka.ParsingDeserializer;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.InputEventParser;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.heat.Accumulator;
import io.incidentdetector.heat.WindowEvidence;
import io.incidentdetector.judge.WindowVerdict;
import io.incidentdetector.model.BaselineSettings;
import io.incidentdetector.model.BaselineTrainer;
import io.incidentdetector.model.OnlineBaseline;
import io.incidentdetector.scenario.CanaryScenarios;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.window.LatencySketch;
import io.incidentdetector.window.PairWindowCombiner;
import io.incidentdetector.window.WindowPartial;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The per-event and per-window hot paths, one at a time: {@code java -jar bench/target/incident-detector-bench.jar
 * jmh} (all) or {@code ... jmh HotPaths.decode} (one). Average time per call, in nanoseconds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HotPaths {

    private static final int SIZE = 4096;

    private byte[][] records;
    private double[] latencies;
    private ServiceCallEvent[] calls;
    private ClientErrorEvent[] errors;
    private WindowVerdict[] verdicts;
    private ParsingDeserializer<InputEvent> decoder;
    private ParsingDeserializer<InputEvent> guardedDecoder;
    private LatencySketch sketch;
    private OnlineBaseline baseline;
    private BaselineSettings settings;
    private WindowEvidence evidence;
    private AccumulatorConfig heat;
    private double temperature;
    private long window;
    private int next;
    private OneInputStreamOperatorTestHarness<ServiceCallEvent, WindowPartial> latencyParts;
    private OneInputStreamOperatorTestHarness<ClientErrorEvent, SecondCount> canaryParts;
    private byte[] otlpMessage;
    private io.incidentdetector.source.otlp.SpanCalls spanCalls;
    private final DeadLetterBounds bounds = new DeadLetterBounds(64 * 1024);
    private final byte[] bigRecord = ("{\"latencyMs\":\"" + "a".repeat(600_000) + "\"}")
            .getBytes(StandardCharsets.UTF_8);

    private static final long T0 = 1_767_225_600_000L;

    @Setup(Level.Trial)
    public void setUp() {
        records = new byte[SIZE][];
        calls = new ServiceCallEvent[SIZE];
        latencies = new double[SIZE];
        Iterator<ScenarioEvents.Record> demo = ScenarioEvents.of("single-delay",
                io.incidentdetector.config.ScenarioConfig.defaults().withName("single-delay"));
        int i = 0;
        InputEventParser parser = new InputEventParser(true, false);
        while (i < SIZE && demo.hasNext()) {
            ScenarioEvents.Record r = demo.next();
            if (InputEvent.SERVICE_CALL.equals(r.type())) {
                records[i] = r.json().getBytes(StandardCharsets.UTF_8);
                try {
                    calls[i] = parser.parse(r.json()).call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                latencies[i] = calls[i].latencyMs();
                i++;
            }
        }
        decoder = new ParsingDeserializer<>(Map.of("calls", parser), null);
        guardedDecoder = new ParsingDeserializer<>(Map.of("calls", parser), null,
                io.incidentdetector.config.EventTimeConfig.defaults().guard(), InputEvent::timestamp);
        try {
            latencyParts = new OneInputStreamOperatorTestHarness<>(new PairWindowCombiner(Duration.ofSeconds(10),
                    new OutputTag<>("late", TypeInformation.of(ServiceCallEvent.class))));
            latencyParts.open();
            canaryParts = new OneInputStreamOperatorTestHarness<>(new SecondCountCombiner(
                    new OutputTag<>("late", TypeInformation.of(ClientErrorEvent.class))));
            canaryParts.open();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        otlpMessage = io.incidentdetector.scenario.OtlpExport.message(java.util.Arrays.asList(calls).subList(0, OTLP_SPANS), 0);
        spanCalls = new io.incidentdetector.source.otlp.SpanCalls(io.incidentdetector.config.OtlpConfig.defaults());
        sketch = new LatencySketch();
        SplittableRandom random = new SplittableRandom(1);
        errors = new ClientErrorEvent[SIZE];
        for (int e = 0; e < SIZE; e++) {
            errors[e] = new ClientErrorEvent(1_767_225_600_000L + e * 250L,
                    random.nextBoolean() ? CanaryScenarios.BASELINE : CanaryScenarios.CANARY, 1 + random.nextInt(12),
                    null);
        }
        ModelConfig model = ModelConfig.defaults();
        settings = BaselineSettings.of(model, Duration.ofSeconds(10));
        double[] warmup = new double[60];
        for (int w = 0; w < warmup.length; w++) {
            warmup[w] = 10 * Math.exp(random.nextGaussian() * 0.1);
        }
        window = 1_767_225_600_000L;
        baseline = new BaselineTrainer(model).start(warmup, window, Duration.ofSeconds(10));
        heat = AccumulatorConfig.defaults();
        evidence = new WindowEvidence(heat);
        verdicts = new WindowVerdict[SIZE];
        for (int v = 0; v < SIZE; v++) {
            double y = 10 * Math.exp(random.nextGaussian() * 0.3);
            boolean out = y > 13;
            verdicts[v] = new WindowVerdict(Instant.ofEpochMilli(window + v * 10_000L), "frontend->cartservice", 100, y,
                    10.0, 7.0, 13.0, out ? 1 : 0, Math.abs(y - 10), Math.abs(y - 10) / y, "learned");
        }
    }

    static final int OTLP_SPANS = 1000;

    /** One OTLP protobuf message of {@value #OTLP_SPANS} CLIENT spans to its service calls (divide by it per span). */
    @Benchmark
    public io.incidentdetector.source.otlp.SpanCalls.Result otlpMessage() throws Exception {
        return spanCalls.map(io.incidentdetector.source.otlp.OtlpMessages.decode(otlpMessage,
                io.incidentdetector.config.OtlpConfig.Encoding.PROTO));
    }

    /** A Kafka record's value to an event (UTF-8 and JSON checks, every field validated). */
    @Benchmark
    public ParsedRecord<InputEvent> decode() {
        return decoder.parse("calls", 0, next, records[next++ & (SIZE - 1)]);
    }

    /** {@link #decode} with the job's event-time guard on the record's partition (the wall clock read each time). */
    @Benchmark
    public ParsedRecord<InputEvent> decodeGuarded() {
        return guardedDecoder.parse("calls", 0, next, records[next++ & (SIZE - 1)]);
    }

    /** The pair key the job partitions events by. */
    @Benchmark
    public String pairKey() {
        return calls[next++ & (SIZE - 1)].pair();
    }

    /** One latency into the window's quantile sketch. */
    @Benchmark
    public LatencySketch sketchInsert() {
        sketch.add(latencies[next++ & (SIZE - 1)]);
        return sketch;
    }

    /** One window's value judged against the pair's baseline (which learns from it). */
    @Benchmark
    public OnlineBaseline.Judgement judgeWindow() {
        window += 10_000;
        return baseline.judge(window, latencies[next++ & (SIZE - 1)], settings);
    }

    /** One verdict into the pair's heat. */
    @Benchmark
    public double accumulatorUpdate() {
        WindowVerdict v = verdicts[next++ & (SIZE - 1)];
        temperature = Accumulator.next(temperature, evidence.of(v), heat.decay(), heat.max(), 1);
        return temperature;
    }

    /** A refused record's dead letter bounded: a small one (its hash, mostly), and the 600 KB record. */
    @Benchmark
    public DeadLetter boundDeadLetter() {
        int i = next++;
        return bounds.apply(new DeadLetter("calls", 0, i, null, "not JSON", null, records[i & (SIZE - 1)]));
    }

    @Benchmark
    public DeadLetter boundLargeDeadLetter() {
        return bounds.apply(new DeadLetter("calls", 0, next++, null, "not a number", null, bigRecord));
    }

    /** One call into its pair's window sketch where it was read (the pre-aggregation operator, with its flushes). */
    @Benchmark
    public int preAggregate() throws Exception {
        int i = next++;
        ServiceCallEvent e = calls[i & (SIZE - 1)];
        long at = T0 + i * 10L;
        latencyParts.processElement(e, at);
        if ((i & (SIZE - 1)) == 0) {
            latencyParts.processWatermark(at - 1);
            latencyParts.getOutput().clear();
        }
        return i;
    }

    /** One client error counted for its (build, code) and second where it was read (the operator, with flushes). */
    @Benchmark
    public int canaryCount() throws Exception {
        int i = next++;
        ClientErrorEvent e = errors[i & (SIZE - 1)];
        long at = T0 + i * 10L;
        canaryParts.processElement(e, at);
        if ((i & (SIZE - 1)) == 0) {
            canaryParts.processWatermark(at - 1);
            canaryParts.getOutput().clear();
        }
        return i;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        latencyParts.close();
        canaryParts.close();
    }
}
