package io.incidentdetector.plan;

import io.incidentdetector.config.PrometheusSourceConfig;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the run's data comes from and which pipelines it feeds, decided once: one kind of input, with what that kind
 * needs and nothing else.
 */
public sealed interface InputPlan permits InputPlan.Generator, InputPlan.Files, InputPlan.Kafka, InputPlan.Prometheus {

    /** The latency pipeline runs (on service calls, replayed windows or a Prometheus server's samples). */
    boolean latency();

    /** The canary pipeline runs (on client errors). */
    boolean canary();

    /** Canary bins are labelled {@code H:MM:SS} like the error-stream script's when its CSV files are read. */
    default boolean clockLabels() {
        return false;
    }

    /** The Prometheus server the latency pipeline reads, if it reads one. */
    default Optional<Prometheus> prometheus() {
        return Optional.empty();
    }

    /** The built-in scenario generator, for what the scenario simulates. */
    record Generator(boolean latency, boolean canary) implements InputPlan {}

    /**
     * Files: service-call events as JSON lines, query_range replays (by pair key), and client errors in the
     * error-stream script's CSV format or as JSON lines.
     */
    record Files(List<Path> events, Map<String, Path> queryRange, List<Path> errorsCsv, List<Path> errorsJson)
            implements InputPlan {

        public Files {
            events = List.copyOf(events);
            queryRange = Collections.unmodifiableMap(new LinkedHashMap<>(queryRange));
            errorsCsv = List.copyOf(errorsCsv);
            errorsJson = List.copyOf(errorsJson);
        }

        @Override
        public boolean latency() {
            return !events.isEmpty() || !queryRange.isEmpty();
        }

        @Override
        public boolean canary() {
            return !errorsCsv.isEmpty() || !errorsJson.isEmpty();
        }

        @Override
        public boolean clockLabels() {
            return !errorsCsv.isEmpty();
        }
    }

    /**
     * Kafka topics; with {@code prometheus}, the latency pipeline also reads a Prometheus server.
     *
     * @param latency service calls or OpenTelemetry spans are read (or a Prometheus server)
     * @param canary  client errors are read
     */
    record Kafka(boolean latency, boolean canary, Optional<Prometheus> prometheus) implements InputPlan {}

    /**
     * A Prometheus server for the latency pipeline, one sample per pair and step; results go to files.
     *
     * @param plannedAt when the run was planned: with {@code prometheus.start: now}, its first step is the one due
     *                  then
     */
    record Prometheus(Instant plannedAt) implements InputPlan {

        /** End of the first live step, epoch ms. */
        public long firstStep(PrometheusSourceConfig config) {
            return config.firstStep(plannedAt);
        }

        @Override
        public boolean latency() {
            return true;
        }

        @Override
        public boolean canary() {
            return false;
        }

        @Override
        public Optional<Prometheus> prometheus() {
            return Optional.of(this);
        }
    }
}
