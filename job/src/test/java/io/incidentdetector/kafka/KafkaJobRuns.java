package io.incidentdetector.kafka;

import io.incidentdetector.config.DeliveryGuarantee;
import io.incidentdetector.config.ConfigLoader;
import io.incidentdetector.config.ControlAuthConfig;
import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.JobSettings;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.StartingOffsets;
import io.incidentdetector.config.LoadedConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServiceCallEventParser;
import io.incidentdetector.incident.Incident;
import io.incidentdetector.plan.JobAssembly;
import io.incidentdetector.plan.RunPlan;
import io.incidentdetector.plan.RunPlans;
import io.incidentdetector.plan.StartupChecks;
import io.incidentdetector.sink.OutputFiles;
import io.incidentdetector.cli.RunOptions;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.scenario.EventsExporter;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Helpers for ITCases that run the whole job, as the launcher wires it, against a {@link KafkaBroker}. */
public final class KafkaJobRuns {

    /** {@link #fileRun}'s incidents by scenario. */
    private static final Map<String, List<Incident>> FILE_RUNS = new HashMap<>();

    private KafkaJobRuns() {}

    /** The bundled configuration, resolved as {@code --kafka --scenario NAME} would, then adjusted for a test. */
    public static LoadedConfig config(String scenario, KafkaBroker broker, UnaryOperator<KafkaConfig> kafka) {
        return config(scenario, broker, kafka, UnaryOperator.identity());
    }

    public static LoadedConfig config(String scenario, KafkaBroker broker, UnaryOperator<KafkaConfig> kafka,
            UnaryOperator<JobConfig> more) {
        // resolved as the demo (whose canary builds it takes), then switched to the scenario to produce
        RunPlan plan = RunPlans.from(options("demo", broker).toRequest());
        LoadedConfig resolved = new LoadedConfig(plan.config(), plan.location());
        JobConfig c = resolved.config();
        c = c.withScenario(c.scenario().withName(scenario)).withKafka(kafka.apply(c.kafka())).withJob(new JobSettings("it", 2, Duration.ofSeconds(1)));
        return ConfigLoader.validate(resolved.with(more.apply(c)), ScenarioCatalog.allNames());
    }

    /** Commands on the control topic apply unsigned, as in the tests that predate signatures (local use). */
    static JobConfig unsignedCommands(JobConfig c) {
        return c.withControl(c.control().withAuth(new ControlAuthConfig(true, null, null)));
    }

    /** Defines the job of a Kafka run as the launcher does: the brokers are asked first. */
    public static void define(StreamExecutionEnvironment env, RunPlan plan) throws IOException {
        StartupChecks.run(plan);
        JobAssembly.define(env, plan);
    }

    /** The plan of a Kafka run of {@code loaded} as it is: only {@code --kafka --quiet} on top. */
    public static RunPlan plan(LoadedConfig loaded, KafkaBroker broker) {
        return RunPlans.from(options(null, broker).toRequest(), loaded);
    }

    static RunOptions options(String scenario, KafkaBroker broker) {
        RunOptions options = new RunOptions();
        options.scenario = scenario;
        options.kafka = true;
        options.bootstrapServers = broker.bootstrapServers();
        options.quiet = true;
        return options;
    }

    public static KafkaConfig kafka(KafkaConfig base, String group, boolean bounded,
            KafkaConfig.KafkaTopicsConfig topics, Map<String, String> properties, Map<String, String> secrets) {
        return new KafkaConfig(true, base.bootstrapServers(), group, StartingOffsets.EARLIEST, bounded, topics,
                DeliveryGuarantee.EXACTLY_ONCE, group, Duration.ofMinutes(1), Duration.ofSeconds(10), properties, secrets,
                null);
    }

    public static KafkaConfig.KafkaTopicsConfig topics(String prefix, boolean verdicts) {
        return new KafkaConfig.KafkaTopicsConfig(List.of(prefix + "calls"), List.of(prefix + "errors"),
                prefix + "incidents", prefix + "alerts", prefix + "dead", verdicts ? prefix + "verdicts" : null, null, null, null, null);
    }

    static void createTopics(KafkaBroker broker, KafkaConfig.KafkaTopicsConfig topics, int inputPartitions)
            throws Exception {
        createTopics(broker, topics, inputPartitions, Map.of());
    }

    public static void createTopics(KafkaBroker broker, KafkaConfig.KafkaTopicsConfig topics, int inputPartitions,
            Map<String, String> incidentsTopicConfig) throws Exception {
        for (String t : topics.serviceCalls()) {
            broker.createTopic(t, inputPartitions, Map.of());
        }
        for (String t : topics.clientErrors()) {
            if (!topics.serviceCalls().contains(t)) {
                broker.createTopic(t, inputPartitions, Map.of());
            }
        }
        broker.createTopic(topics.incidents(), 1, incidentsTopicConfig);
        broker.createTopic(topics.alerts(), 1, Map.of());
        broker.createTopic(topics.deadLetters(), 1, Map.of());
        if (topics.verdicts() != null) {
            broker.createTopic(topics.verdicts(), 2, Map.of());
        }
    }

    /** The outputs' topics named {@code prefix...} and a spans topic of three partitions, the only input, created. */
    public static KafkaConfig.KafkaTopicsConfig otlpTopics(KafkaBroker broker, String prefix, String spans)
            throws Exception {
        KafkaConfig.KafkaTopicsConfig base = topics(prefix, false);
        KafkaConfig.KafkaTopicsConfig topics = new KafkaConfig.KafkaTopicsConfig(List.of(), List.of(),
                base.incidents(), base.alerts(), base.deadLetters(), null, null, List.of(spans), null, null);
        createTopics(broker, topics, 1);
        broker.createTopic(spans, 3, Map.of());
        return topics;
    }

    /** Produces the scenario's events into the configured input topics, keyed like {@code produce} does. */
    static long produceScenario(KafkaBroker broker, LoadedConfig loaded) {
        JobConfig c = loaded.config();
        List<ScenarioEvents.Record> all = new ArrayList<>();
        ScenarioEvents.of(c.scenario().name(), c.scenario()).forEachRemaining(all::add);
        produce(broker, c.kafka().topics(), all);
        return all.size();
    }

    /**
     * The scenario's events in parts: part {@code i} holds those before {@code cuts[i]} after its start (and at or
     * after the cut before); the last part, the rest.
     */
    public static List<List<ScenarioEvents.Record>> split(ScenarioConfig settings, Duration... cuts) {
        List<List<ScenarioEvents.Record>> parts = new ArrayList<>();
        for (int i = 0; i <= cuts.length; i++) {
            parts.add(new ArrayList<>());
        }
        Iterator<ScenarioEvents.Record> records = ScenarioEvents.of(settings.name(), settings);
        while (records.hasNext()) {
            ScenarioEvents.Record r = records.next();
            int part = 0;
            while (part < cuts.length && r.timestamp() >= settings.start().plus(cuts[part]).toEpochMilli()) {
                part++;
            }
            parts.get(part).add(r);
        }
        return parts;
    }

    /** Sends scenario events to the first service-calls and client-errors topics, keyed like {@code produce} does. */
    public static void produce(KafkaBroker broker, KafkaConfig.KafkaTopicsConfig topics,
            List<ScenarioEvents.Record> records) {
        List<String[]> calls = new ArrayList<>();
        List<String[]> errors = new ArrayList<>();
        for (ScenarioEvents.Record r : records) {
            (r.type().equals("service-call") ? calls : errors).add(new String[] {r.key(), r.json()});
        }
        if (!calls.isEmpty()) {
            broker.produce(topics.serviceCalls().get(0), calls);
        }
        if (!errors.isEmpty()) {
            broker.produce(topics.clientErrors().get(0), errors);
        }
    }

    /** The scenario settings of the bundled configuration, for the scenario {@code name}. */
    public static ScenarioConfig scenario(String name) throws IOException {
        return ConfigLoader.load("local.yaml", ScenarioCatalog.allNames()).config().scenario().withName(name);
    }

    /**
     * The reference: the same scenario's events written to JSON-lines files (in {@code dir}) and run without Kafka.
     * A scenario's events and configuration are fixed, so its reference is too: it runs once per test JVM, and every
     * later call returns the incidents of that run (most ITCases compare against the demo's).
     */
    public static List<Incident> fileRun(String scenario, Path dir) throws Exception {
        synchronized (FILE_RUNS) {
            List<Incident> known = FILE_RUNS.get(scenario);
            if (known == null) {
                known = List.copyOf(runFiles(scenario, dir));
                FILE_RUNS.put(scenario, known);
            }
            return known;
        }
    }

    private static List<Incident> runFiles(String scenario, Path dir) throws Exception {
        ScenarioConfig settings = scenario(scenario);
        Path events = dir.resolve("events.jsonl");
        Path errors = dir.resolve("errors.jsonl");
        EventsExporter.export(ScenarioCatalog.get(scenario), settings, events);
        EventsExporter.exportErrors(scenario, settings, errors);
        RunOptions options = new RunOptions();
        options.events = List.of(events);
        // a latency-only scenario exports no client errors
        options.errors = Files.exists(errors) && Files.size(errors) > 0 ? List.of(errors) : List.of();
        options.out = dir.resolve("out");
        options.quiet = true;
        options.parallelism = 2;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobAssembly.define(env, RunPlans.from(options.toRequest()));
        env.execute("file run");
        List<Incident> incidents = new ArrayList<>();
        for (String line : Files.readAllLines(options.out.resolve(OutputFiles.INCIDENTS))) {
            incidents.add(JsonCodec.mapper().readValue(line, Incident.class));
        }
        return incidents;
    }

    /** Produces the scenario's events, both kinds merged in time order, into one topic. */
    static void produceMerged(KafkaBroker broker, LoadedConfig loaded, String topic) {
        List<String[]> all = new ArrayList<>();
        Iterator<ScenarioEvents.Record> records = ScenarioEvents.of(loaded.config().scenario().name(),
                loaded.config().scenario());
        records.forEachRemaining(r -> all.add(new String[] {r.key(), r.json()}));
        broker.produce(topic, all);
    }

    /** Runs the job to its end (the Kafka source must be bounded). */
    static JobExecutionResult runBounded(LoadedConfig loaded, RunOptions options) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        define(env, RunPlans.from(options.toRequest(), loaded));
        return env.execute("kafka-it");
    }

    public static List<Incident> incidents(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Incident> incidents = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                Incident incident = JsonCodec.mapper().readValue(r.value(), Incident.class);
                if (!incident.id().equals(KafkaBroker.text(r.key()))) {
                    throw new AssertionError("record key " + KafkaBroker.text(r.key()) + " is not the incident id "
                            + incident.id());
                }
                incidents.add(incident);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return incidents;
    }

    /** Every incident record as {@code id status severity updatedAt}, sorted: equal lists open at the same times. */
    static List<String> timeline(List<Incident> incidents) {
        return incidents.stream().map(i -> i.id() + " " + i.status() + " " + i.severity() + " " + i.updatedAt())
                .sorted().toList();
    }

    /** Each episode's updates in order: id -> [STATUS SEVERITY, ...]; episodes ordered by id. */
    public static Map<String, List<String>> episodes(List<Incident> incidents) {
        Map<String, List<String>> episodes = new java.util.TreeMap<>();
        for (Incident i : incidents) {
            episodes.computeIfAbsent(i.id(), id -> new ArrayList<>()).add(i.status() + " " + i.severity());
        }
        return new LinkedHashMap<>(episodes);
    }

    /**
     * The scenario's service calls in order, each given to {@code call}; {@code secondDone} runs after each second of
     * event time, and after the last.
     */
    static void callsBySecond(String scenario, LoadedConfig loaded, Consumer<ServiceCallEvent> call,
            Runnable secondDone) throws Exception {
        ServiceCallEventParser parser = new ServiceCallEventParser();
        long second = Long.MIN_VALUE;
        Iterator<ScenarioEvents.Record> records = ScenarioEvents.of(scenario, loaded.config().scenario());
        while (records.hasNext()) {
            ScenarioEvents.Record r = records.next();
            if (!r.type().equals("service-call")) {
                continue;
            }
            ServiceCallEvent c = parser.parse(r.json());
            if (c.timestamp() / 1000 != second && second != Long.MIN_VALUE) {
                secondDone.run();
            }
            second = c.timestamp() / 1000;
            call.accept(c);
        }
        secondDone.run();
    }
}
