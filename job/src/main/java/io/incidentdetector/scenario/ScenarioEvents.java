package io.incidentdetector.scenario;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.connectors.json.JsonCodec;
import io.incidentdetector.event.ClientErrorEvent;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.ServiceCallEvent;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A scenario's events as the JSON records the job reads from files and Kafka, service calls and client errors
 * merged in event-time order, each with its {@code type} and a Kafka key that keeps one pair (or one build's code)
 * in one partition, in order.
 */
public final class ScenarioEvents {

    private ScenarioEvents() {}

    /** One event: its JSON, its kind ({@link InputEvent#SERVICE_CALL} or {@link InputEvent#CLIENT_ERROR}) and key. */
    public record Record(String type, String key, long timestamp, String json) {}

    /** Number of events {@link #of} yields. */
    public static long count(String scenario, ScenarioConfig config) {
        long calls = ScenarioCatalog.find(scenario).map(s -> s.generator(config).count()).orElse(0L);
        long errors = CanaryScenarios.find(scenario).map(s -> new ClientErrorGenerator(s, config).count()).orElse(0L);
        return calls + errors;
    }

    public static Iterator<Record> of(String scenario, ScenarioConfig config) {
        CallGenerator calls = ScenarioCatalog.find(scenario).map(s -> s.generator(config)).orElse(null);
        ClientErrorGenerator errors = CanaryScenarios.find(scenario).map(s -> new ClientErrorGenerator(s, config)).orElse(null);
        long callCount = calls == null ? 0 : calls.count();
        long errorCount = errors == null ? 0 : errors.count();
        return new Iterator<>() {
            long nextCall;
            long nextError;
            ServiceCallEvent call = callCount > 0 ? calls.map(0L) : null;
            ClientErrorEvent error = errorCount > 0 ? errors.map(0L) : null;

            @Override
            public boolean hasNext() {
                return call != null || error != null;
            }

            @Override
            public Record next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (error == null || call != null && call.timestamp() <= error.timestamp()) {
                    ServiceCallEvent e = call;
                    nextCall++;
                    call = nextCall < callCount ? calls.map(nextCall) : null;
                    return new Record(InputEvent.SERVICE_CALL, e.pair(), e.timestamp(), json(e));
                }
                ClientErrorEvent e = error;
                nextError++;
                error = nextError < errorCount ? errors.map(nextError) : null;
                return new Record(InputEvent.CLIENT_ERROR, e.build() + "/" + e.code(), e.timestamp(), json(e));
            }
        };
    }

    public static String json(ServiceCallEvent e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", InputEvent.SERVICE_CALL);
        line.put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
        line.put("source", e.source());
        line.put("destination", e.destination());
        line.put("latencyMs", Math.round(e.latencyMs() * 1000) / 1000.0);
        line.put("status", e.status());
        return write(line);
    }

    public static String json(ClientErrorEvent e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", InputEvent.CLIENT_ERROR);
        line.put("timestamp", Instant.ofEpochMilli(e.timestamp()).toString());
        line.put("build", e.build());
        line.put("code", e.code());
        if (e.client() != null) {
            line.put("client", e.client());
        }
        return write(line);
    }

    private static String write(Map<String, Object> line) {
        try {
            return JsonCodec.mapper().writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
