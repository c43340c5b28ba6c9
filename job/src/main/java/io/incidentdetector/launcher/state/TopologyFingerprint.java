package io.incidentdetector.launcher.state;

import io.incidentdetector.config.JobConfig;
import io.incidentdetector.config.KafkaConfig;
import io.incidentdetector.plan.InputPlan;
import io.incidentdetector.plan.RunPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of a run that decide which operators the job has and what their state means: its inputs and outputs
 * (every Kafka topic, Alertmanager, the output files), the window and bin lengths, the parallelism. Kept beside the
 * checkpoints, so that a start whose state Flink cannot map can say what changed since. Never holds secrets or
 * addresses.
 */
public record TopologyFingerprint(SortedMap<String, String> settings) {

    public TopologyFingerprint {
        settings = new TreeMap<>(settings);
    }

    public static TopologyFingerprint of(RunPlan plan) {
        JobConfig config = plan.config();
        InputPlan in = plan.inputs();
        SortedMap<String, String> s = new TreeMap<>();
        s.put("input", in instanceof InputPlan.Kafka ? (in.prometheus().isPresent() ? "kafka+prometheus" : "kafka")
                : in.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        s.put("job.parallelism", String.valueOf(config.job().parallelism()));
        s.put("latency.window", String.valueOf(config.latency().window()));
        s.put("alertmanager.enabled", String.valueOf(config.alertmanager().enabled()));
        s.put("canary.mode", String.valueOf(config.canary().mode()));
        s.put("canary.bins", String.valueOf(config.canary().bins()));
        if (in.prometheus().isPresent()) {
            s.put("prometheus.history", String.valueOf(config.prometheus().history()));
        }
        if (in instanceof InputPlan.Kafka) {
            KafkaConfig kafka = config.kafka();
            s.put("kafka.bounded", String.valueOf(kafka.bounded()));
            s.put("kafka.delivery-guarantee", String.valueOf(kafka.deliveryGuarantee()));
            for (RecordComponent topic : KafkaConfig.KafkaTopicsConfig.class.getRecordComponents()) {
                s.put("kafka.topics." + kebab(topic.getName()), String.valueOf(value(topic, kafka.topics())));
            }
        } else {
            s.put("output.dir", Path.of(config.output().dir()).toAbsolutePath().normalize().toString());
            s.put("output.verdicts", String.valueOf(config.output().verdicts()));
        }
        return new TopologyFingerprint(s);
    }

    /** The fingerprint kept in {@code file}, if there is one. */
    public static Optional<TopologyFingerprint> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            SortedMap<String, String> s = new TreeMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    s.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return Optional.of(new TopologyFingerprint(s));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public void write(Path file) {
        StringBuilder text = new StringBuilder("# the settings that shaped the state kept beside this file\n");
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Settings a restored job cannot take on although Flink maps its state: a restored Kafka source keeps the bounds
     * it was first started with (an unbounded run's state makes a replay that never ends).
     */
    static final Set<String> FIXED_BY_THE_STATE = Set.of("kafka.bounded");

    /** The changes since {@code before} that a resumed job cannot take on ({@link #FIXED_BY_THE_STATE}). */
    public List<String> fixedChangesSince(TopologyFingerprint before) {
        return changesSince(before).stream()
                .filter(change -> FIXED_BY_THE_STATE.contains(change.substring(0, change.indexOf(':')))).toList();
    }

    /** Each setting that differs from {@code before}, as {@code key: before -> now}, in key order. */
    public List<String> changesSince(TopologyFingerprint before) {
        List<String> changes = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(settings.keySet());
        keys.addAll(before.settings().keySet());
        for (String key : keys) {
            String was = before.settings().getOrDefault(key, "(unset)");
            String now = settings.getOrDefault(key, "(unset)");
            if (!was.equals(now)) {
                changes.add(key + ": " + was + " -> " + now);
            }
        }
        return changes;
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component.getName(), e);
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
