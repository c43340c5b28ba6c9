package io.incidentdetector.fuzz;

import io.incidentdetector.config.ScenarioConfig;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;
import io.incidentdetector.event.InputEvent;
import io.incidentdetector.event.ServiceCallEvent;
import io.incidentdetector.scenario.OtlpExport;
import io.incidentdetector.scenario.ScenarioCatalog;
import io.incidentdetector.scenario.ScenarioEvents;
import io.incidentdetector.scenario.CallGenerator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Valid records of every input kind, made by the scenario generators (or, for commands and Prometheus answers, in
 * the documented forms), for the fuzzer to mutate: a hostile change to a valid record reaches much deeper into a
 * parser than random bytes do.
 */
final class ValidRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first events of the {@code demo} scenario, service calls and client errors, as JSON text. */
    static final List<String> CALLS = new ArrayList<>();
    static final List<String> ERRORS = new ArrayList<>();
    /** Calls of {@code single-delay}, for OTLP messages. */
    static final List<ServiceCallEvent> CALL_EVENTS = new ArrayList<>();

    static {
        Iterator<ScenarioEvents.Record> events = ScenarioEvents.of("demo", ScenarioConfig.defaults());
        while (events.hasNext() && (CALLS.size() < 1000 || ERRORS.size() < 1000)) {
            ScenarioEvents.Record e = events.next();
            (e.type().equals(InputEvent.SERVICE_CALL) ? CALLS : ERRORS).add(e.json());
        }
        CallGenerator calls = ScenarioCatalog.get("single-delay").generator(ScenarioConfig.defaults());
        for (long i = 0; i < 2000; i++) {
            CALL_EVENTS.add(calls.map(i * 37));
        }
    }

    private ValidRecords() {}

    /** A valid record's fields, as JSON texts, in order. */
    static Map<String, String> fields(String json) {
        try {
            Map<String, Object> values = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
            Map<String, String> texts = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : values.entrySet()) {
                texts.put(e.getKey(), JSON.writeValueAsString(e.getValue()));
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An OTLP protobuf message of 1 to 20 valid calls. */
    static byte[] otlpMessage(RandomGenerator r) {
        int from = r.nextInt(CALL_EVENTS.size() - 20);
        return OtlpExport.message(CALL_EVENTS.subList(from, from + 1 + r.nextInt(20)), r.nextInt(1_000_000));
    }

    /** A valid control command, one of each kind. */
    static final List<String> COMMANDS = List.of(
            "{\"command\":\"set-threshold\",\"pair\":\"frontend->cartservice\",\"threshold\":8}",
            "{\"command\":\"set-threshold\",\"pair\":\"frontend:cartservice\",\"threshold\":8.5}",
            "{\"id\":\"c7\",\"at\":\"2026-01-01T00:00:00Z\",\"command\":\"set-threshold\",\"group\":\"checkout-path\","
                    + "\"threshold\":14,\"resolve-below\":5}",
            "{\"command\":\"set-threshold\",\"service\":\"cartservice\",\"threshold\":3}",
            "{\"command\":\"silence\",\"service\":\"cartservice\",\"until\":\"2026-01-01T02:00:00Z\","
                    + "\"mode\":\"suppress\",\"reason\":\"upgrade\",\"by\":\"ann\"}",
            "{\"command\":\"silence\",\"pair\":\"frontend->cartservice\",\"from\":\"2026-01-01T00:10:00Z\","
                    + "\"until\":\"2026-01-01T01:00:00Z\",\"mode\":\"mark\"}",
            "{\"command\":\"acknowledge\",\"incident\":\"latency-checkout-path-1767226320\",\"by\":\"alice\"}",
            "{\"command\":\"resolve\",\"incident\":\"latency-checkout-path-1767226320\",\"by\":\"alice\","
                    + "\"reason\":\"rolled back\",\"at\":\"2026-01-01T00:40:00Z\"}");

    /** A query_range export of one series, as {@code export} and the scenario exporters write it. */
    static byte[] queryRangeExport(RandomGenerator r) {
        List<QueryRangeSample> samples = new ArrayList<>();
        long t = 1_767_225_600_000L + r.nextInt(1000) * 30_000L;
        for (int i = r.nextInt(30); i > 0; i--) {
            samples.add(new QueryRangeSample(t, r.nextInt(5) == 0 ? Double.NaN : r.nextDouble() * 300));
            t += r.nextInt(10) == 0 ? 60_000 : 30_000;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("source_workload", "frontend");
        labels.put("destination_workload", "cartservice");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            QueryRangeFiles.writeSingleSeries(out, labels, samples);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A Prometheus answer to a range query over some pairs, as its HTTP API writes it. */
    static String matrixAnswer(RandomGenerator r) {
        StringBuilder s = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        for (int series = r.nextInt(4); series > 0; series--) {
            s.append("{\"metric\":{\"source_workload\":\"frontend\",\"destination_workload\":\"svc")
                    .append(r.nextInt(5)).append("\"},\"values\":[");
            long t = 1_767_225_600L + r.nextInt(1000) * 30L;
            for (int i = r.nextInt(10); i > 0; i--) {
                s.append('[').append(t).append(r.nextBoolean() ? ".5" : "").append(",\"")
                        .append(r.nextInt(6) == 0 ? "NaN" : String.valueOf(r.nextDouble() * 100)).append("\"]")
                        .append(i > 1 ? "," : "");
                t += 30;
            }
            s.append("]}").append(series > 1 ? "," : "");
        }
        return s.append("]}}").toString();
    }
}
