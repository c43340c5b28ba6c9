package io.incidentdetector.bench;

import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.DeliveryGuarantee;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.StartingOffsets;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.incident.IncidentStatus;
import io.incidentdetector.pipeline.IncidentPipeline;
import io.incidentdetector.pipeline.Inputs;
import io.incidentdetector.pipeline.OperatorIds;
import io.incidentdetector.pipeline.Outputs;
import io.incidentdetector.pipeline.PipelineSettings;
import io.incidentdetector.plan.EnvironmentSettings;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.scenario.CallGenerator;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.sink.KafkaSinks;
import io.incidentdetector.source.LatencySources;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Latency: a labelled mesh scenario generated at a steady pace (event time running {@code speed} times faster than
 * the clock), through the whole latency pipeline. A probe right after the source notes the wall-clock time each
 * watermark leaves it; a sink notes when each incident arrives; an incident's completing window is the one ending at
 * its {@code updatedAt}. The same incidents also go to Kafka exactly once, and a {@code read_committed} consumer notes
 * when each becomes visible: that adds the wait for the checkpoint that commits the transaction.
 */
final class LatencyRows {

    /** Wall-clock nanos when each watermark left the source (the MiniCluster runs in this JVM). */
    static final ConcurrentSkipListMap<Long, Long> WATERMARKS = new ConcurrentSkipListMap<>();
    /** Incident update key -> wall-clock nanos when it reached the sink. */
    static final Map<String, Long> EMITTED = new ConcurrentHashMap<>();

    private final Table table;
    private final Path dir;
    private final Bench options;

    LatencyRows(Table table, Path dir, Bench options) {
        this.table = table;
        this.dir = dir;
        this.options = options;
    }

    void run() throws Exception {
        String scenario = options.quick ? "mesh" : "eval-mesh-quick";
        double speed = options.quick ? 480 : options.latencySpeed;
        try (LocalBroker broker = LocalBroker.existingOrStart(options.bootstrapServers,
                dir.resolve("latency-broker.log"))) {
            String bootstrap = broker.bootstrapServers();
            String prefix = "latency-" + System.currentTimeMillis() + "-";
            KafkaConfig.KafkaTopicsConfig topics = JobRuns.topics(prefix);
            TopicLoader.createTopics(bootstrap, topics, 1);
            String host = bootstrap;
            VisibleIncidents visible = new VisibleIncidents(bootstrap, topics.incidents());
            visible.start();
            long[] events = new long[1];
            Measured m = Measured.of("latency: " + scenario + " at " + fmt(speed) + "x real time, p1", 0, () -> {
                events[0] = job(scenario, speed, host, prefix, topics);
                return -1;
            });
            visible.awaitAll(EMITTED.keySet(), options.checkpointInterval.plusSeconds(2));
            visible.finish();
            report(m, events[0], visible);
        }
    }

    private long job(String scenario, double speed, String bootstrap, String prefix, KafkaConfig.KafkaTopicsConfig topics)
            throws Exception {
        RunOptions runOptions = new RunOptions();
        runOptions.scenario = scenario;
        runOptions.quiet = true;
        runOptions.out = dir.resolve("latency-out");
        RunPlan plan = RunPlans.from(runOptions.toRequest());
        JobConfig config = plan.config().withJob(new JobSettings("bench latency", 1, options.checkpointInterval));
        StreamExecutionEnvironment env = JobRuns.environment(1);
        EnvironmentSettings.apply(env, config);
        CallGenerator generator = ScenarioCatalog.get(scenario).generator(config.scenario());
        double eventsPerSecond = generator.count() / (ScenarioCatalog.get(scenario).duration().toMillis() / 1000.0)
                * speed;
        DataStream<ServiceCallEvent> calls = env
                .fromSource(new DataGeneratorSource<>(generator, generator.count(),
                                RateLimiterStrategy.perSecond(eventsPerSecond), TypeInformation.of(ServiceCallEvent.class)),
                        LatencySources.watermarks(config.latency()), "scenario " + scenario)
                .uid(OperatorIds.GENERATOR_SOURCE)
                .transform("watermark probe", TypeInformation.of(ServiceCallEvent.class), new WatermarkProbe())
                .uid("bench-watermark-probe");
        Inputs inputs = Inputs.none().withServiceCalls(calls)
                .and(LatencySources.training(env, config.latency(), plan.location()));
        PipelineSettings settings = new PipelineSettings(config.latency(), new PipelineSettings.CanarySettings(
                config.canary(), config.canary().baselineBuild(), config.canary().canaryBuild(), false));
        Outputs outputs = Outputs.builder(new ArrivalSink(), new DiscardingSink<>()).build();
        IncidentPipeline.Built built = IncidentPipeline.build(settings, inputs, outputs);
        KafkaConfig kafka = new KafkaConfig(true, bootstrap,
                prefix + "job", StartingOffsets.EARLIEST, true, topics, DeliveryGuarantee.EXACTLY_ONCE, prefix + "job",
                Duration.ofMinutes(5), Duration.ofSeconds(30), Map.of(), Map.of(), null);
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka.bootstrapServers());
        built.incidents().sinkTo(new KafkaSinks(kafka, client).incidents()).uid("bench-incidents-kafka")
                .name("incidents to Kafka").setParallelism(1);
        WATERMARKS.clear();
        EMITTED.clear();
        env.execute("bench latency");
        return generator.count();
    }

    private void report(Measured m, long events, VisibleIncidents visible) {
        List<Double> emitted = new ArrayList<>();
        List<Double> committed = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<String, Long> e : EMITTED.entrySet()) {
            long windowEnd = Long.parseLong(e.getKey().substring(e.getKey().lastIndexOf('|') + 1));
            Map.Entry<Long, Long> watermark = WATERMARKS.ceilingEntry(windowEnd - 1);
            if (watermark == null) {
                skipped++;
                continue;
            }
            emitted.add((e.getValue() - watermark.getValue()) / 1e6);
            Long seen = visible.seen.get(e.getKey());
            if (seen != null) {
                committed.add((seen - watermark.getValue()) / 1e6);
            }
        }
        Collections.sort(emitted);
        Collections.sort(committed);
        table.add(new Measured(m.row(), events, m.seconds(), m.cpuSeconds(), m.heapAfterGc(), m.resident(),
                String.format("%d incident updates: emitted p50 %.0f ms, p99 %.0f ms, max %.0f ms after the"
                        + " completing watermark left the source%s", emitted.size(), pct(emitted, 0.5),
                        pct(emitted, 0.99), pct(emitted, 1), skipped > 0 ? " (" + skipped + " without one)" : "")));
        table.line(String.format("%-46s %s", "", String.format("read_committed consumer (checkpoints every %s):"
                + " %d seen, p50 %.0f ms, p99 %.0f ms, max %.0f ms", fmtDuration(options.checkpointInterval),
                committed.size(), pct(committed, 0.5), pct(committed, 0.99), pct(committed, 1))));
    }

    static String key(Incident incident) {
        return incident.id() + "|" + incident.status() + "|" + incident.severity() + "|"
                + incident.updatedAt().toEpochMilli();
    }

    static boolean measured(Incident incident) {
        return incident.status() != IncidentStatus.RESOLVED;
    }

    private static double pct(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1 < 0 ? 0
                : Math.ceil(q * sorted.size()) - 1));
    }

    private static String fmt(double speed) {
        return speed == Math.rint(speed) ? String.valueOf((long) speed) : String.valueOf(speed);
    }

    private static String fmtDuration(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Notes the wall-clock time each watermark passes, then forwards it. */
    static final class WatermarkProbe extends AbstractStreamOperator<ServiceCallEvent>
            implements OneInputStreamOperator<ServiceCallEvent, ServiceCallEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(StreamRecord<ServiceCallEvent> element) {
            output.collect(element);
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            WATERMARKS.putIfAbsent(mark.getTimestamp(), System.nanoTime());
            super.processWatermark(mark);
        }
    }

    /** Notes when each incident update arrives. */
    static final class ArrivalSink implements Sink<Incident> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Incident> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(Incident incident, Context context) {
                    if (measured(incident)) {
                        EMITTED.putIfAbsent(key(incident), System.nanoTime());
                    }
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {}
            };
        }
    }
}
