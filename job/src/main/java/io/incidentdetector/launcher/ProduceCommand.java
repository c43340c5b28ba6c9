package io.incidentdetector.launcher;

import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaClientProperties;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.event.ServiceCallEventParser;
import io.incidentdetector.scenario.OtlpExport;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code produce}: writes a built-in scenario's events, or JSON-lines files as they are (bad lines included, to try
 * the dead-letter topic), into the job's input topics. Records are keyed by pair (service calls) or build/code
 * (client errors) so that each key stays in order within its partition.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Produce a scenario's events, or JSON-lines files, into the Kafka input topics.")
final class ProduceCommand implements Callable<Integer> {

    @Mixin
    KafkaClientOptions client = new KafkaClientOptions();
    @Option(names = "--scenario", paramLabel = "NAME", description = "built-in scenario (default: scenario.name of the config)")
    String scenario;
    @Option(names = "--seed", paramLabel = "N", description = "generator seed (default: scenario.seed of the config)")
    Long seed;
    @Option(names = "--events", paramLabel = "FILE", description = "send this file's lines as they are to the service-calls topic (repeatable)")
    List<Path> events = new ArrayList<>();
    @Option(names = "--errors", paramLabel = "FILE", description = "send this file's lines as they are to the client-errors topic (repeatable)")
    List<Path> errors = new ArrayList<>();
    @Option(names = "--topic", paramLabel = "TOPIC", description = "send everything to this one topic (it must be in both input lists of the config)")
    String topic;
    @Option(names = "--otlp", description = "send the scenario's service calls as the OpenTelemetry Collector's Kafka"
            + " exporter would (otlp_proto, one message per second of spans) to kafka.topics.otlp-spans")
    boolean otlp;

    @Override
    public Integer call() throws Exception {
        if (otlp && (!events.isEmpty() || !errors.isEmpty())) {
            throw new io.incidentdetector.config.ConfigException("--otlp", List.of("OTLP messages are made from a"
                    + " scenario's calls, not from files. Fix: drop --events and --errors, or --otlp"));
        }
        JobConfig cfg = client.jobConfig();
        KafkaConfig kafka = cfg.kafka().with(true, client.bootstrapServers);
        String callsTopic = topic != null ? topic : otlp ? first(kafka.topics().otlpSpans(), "otlp-spans")
                : first(kafka.topics().serviceCalls(), "service-calls");
        // a scenario without client errors needs no client-errors topic (an OTLP-only configuration has none)
        String errorsTopic = topic != null ? topic : kafka.topics().clientErrors().isEmpty() ? null
                : kafka.topics().clientErrors().get(0);
        Properties props = KafkaClientProperties.of(kafka);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long calls = 0;
        long errorCount = 0;
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            if (events.isEmpty() && errors.isEmpty()) {
                ScenarioConfig settings = cfg.scenario();
                if (scenario != null) {
                    settings = settings.withName(scenario);
                }
                if (seed != null) {
                    settings = settings.withSeed(seed);
                }
                if (!ScenarioCatalog.isKnown(settings.name())) {
                    throw new io.incidentdetector.config.ConfigException("--scenario", List.of("unknown scenario '"
                            + settings.name() + "'. Fix: use one of " + ScenarioCatalog.allNames()));
                }
                long total = ScenarioEvents.count(settings.name(), settings);
                System.out.printf("producing %,d events of scenario '%s' (seed %d) to %s%n", total, settings.name(),
                        settings.seed(), kafka.bootstrapServers());
                Iterator<ScenarioEvents.Record> records = ScenarioEvents.of(settings.name(), settings);
                OtlpBatches spans = otlp ? new OtlpBatches(producer, callsTopic, failure) : null;
                ServiceCallEventParser parser = new ServiceCallEventParser();
                while (records.hasNext() && failure.get() == null) {
                    ScenarioEvents.Record r = records.next();
                    boolean call = r.type().equals(InputEvent.SERVICE_CALL);
                    if (call && spans != null) {
                        spans.add(parser.parse(r.json()));
                    } else {
                        send(producer, call ? callsTopic : orFail(errorsTopic), r.key(), r.json(), failure);
                    }
                    if (call) {
                        calls++;
                    } else {
                        errorCount++;
                    }
                }
                if (spans != null) {
                    spans.flush();
                }
            } else {
                for (Path file : events) {
                    calls += sendLines(producer, file, callsTopic, failure);
                }
                for (Path file : errors) {
                    errorCount += sendLines(producer, file, orFail(errorsTopic), failure);
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            System.err.println("error: producing to " + kafka.bootstrapServers() + " failed: " + failure.get());
            return 1;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (otlp && errorCount == 0) {
            System.out.printf("produced %,d service calls as OTLP spans to '%s' in %.1f s%n", calls, callsTopic,
                    seconds);
            return 0;
        }
        String what = otlp ? "%,d service calls as OTLP spans to '%s' and %,d client errors to '%s'"
                : events.isEmpty() && errors.isEmpty() ? "%,d service calls to '%s' and %,d client errors to '%s'"
                : "%,d lines to '%s' and %,d lines to '%s' (as they are; the job dead-letters bad ones)";
        System.out.printf("produced " + what + " in %.1f s%n", calls, callsTopic, errorCount, errorsTopic, seconds);
        return 0;
    }

    /** Service calls gathered per second of event time, each second sent as one OTLP message. */
    private static final class OtlpBatches {
        private final KafkaProducer<byte[], byte[]> producer;
        private final String topic;
        private final AtomicReference<Exception> failure;
        private final List<ServiceCallEvent> second = new ArrayList<>();
        private long secondOf = Long.MIN_VALUE;
        private long sent;

        OtlpBatches(KafkaProducer<byte[], byte[]> producer, String topic, AtomicReference<Exception> failure) {
            this.producer = producer;
            this.topic = topic;
            this.failure = failure;
        }

        void add(ServiceCallEvent call) {
            if (call.timestamp() / 1000 != secondOf) {
                flush();
                secondOf = call.timestamp() / 1000;
            }
            second.add(call);
        }

        void flush() {
            if (second.isEmpty()) {
                return;
            }
            byte[] message = OtlpExport.message(second, sent);
            sent += second.size();
            second.clear();
            producer.send(new ProducerRecord<>(topic, null, message), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        }
    }

    private static long sendLines(KafkaProducer<byte[], byte[]> producer, Path file, String topic,
            AtomicReference<Exception> failure) throws IOException {
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && failure.get() == null; line = in.readLine()) {
                if (!line.isBlank()) {
                    send(producer, topic, null, line, failure);
                    n++;
                }
            }
        }
        return n;
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, String value,
            AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
    }

    private static String orFail(String errorsTopic) {
        if (errorsTopic == null) {
            throw new io.incidentdetector.config.ConfigException("kafka.topics.client-errors", List.of("no topic is"
                    + " configured for client errors. Fix: name one, or pass --topic"));
        }
        return errorsTopic;
    }

    private static String first(List<String> topics, String kind) {
        if (topics.isEmpty()) {
            throw new io.incidentdetector.config.ConfigException("kafka.topics." + kind, List.of("no topic is"
                    + " configured. Fix: name one, or pass --topic"));
        }
        return topics.get(0);
    }
}
