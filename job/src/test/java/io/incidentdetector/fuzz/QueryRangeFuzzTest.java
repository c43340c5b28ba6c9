package io.incidentdetector.fuzz;

import io.incidentdetector.connectors.prometheus.PrometheusApi;
import io.incidentdetector.connectors.prometheus.QueryRangeFiles;
import io.incidentdetector.connectors.prometheus.QueryRangeSample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.random.RandomGenerator;

import static io.incidentdetector.fuzz.Generator.weight;

/**
 * Prometheus query_range documents: files replayed or trained from ({@link QueryRangeFiles}, streamed by
 * QueryRangeParser) and answers of the HTTP API ({@link PrometheusApi#parseMatrix}, {@link PrometheusApi#resultType}).
 * Each is either read, every point a finite value at a time that the document really gave, or refused with exactly
 * one IOException (for the API a {@link PrometheusApi.QueryException}) that says why; nothing else escapes.
 */
class QueryRangeFuzzTest {

    @Test
    void queryRangeFiles(TestInfo test) {
        Fuzz.forAll(test, documents(ValidRecords::queryRangeExport), QueryRangeFuzzTest::checkFile)
                .expectAtLeast("read", 5).expectAtLeast("refused", 20);
    }

    @Test
    void prometheusAnswers(TestInfo test) {
        Fuzz.forAll(test, documents(r -> Hostile.utf8(ValidRecords.matrixAnswer(r))), QueryRangeFuzzTest::checkAnswer)
                .expectAtLeast("read", 5).expectAtLeast("refused", 20);
    }

    private static void checkFile(byte[] file, Outcomes outcomes) {
        try {
            List<QueryRangeSample> samples = QueryRangeFiles.readSingleSeries(new ByteArrayInputStream(file), "f");
            samples.forEach(QueryRangeFuzzTest::valid);
            long step = QueryRangeFiles.stepMillis(new ByteArrayInputStream(file), "f");
            ProductRules.check(step >= 0, "a negative step", step);
            outcomes.add("read");
        } catch (IOException e) {
            outcomes.add("refused");
            ProductRules.reason(e.getMessage());
        }
    }

    private static void checkAnswer(byte[] answer, Outcomes outcomes) {
        try {
            for (PrometheusApi.Series series : PrometheusApi.parseMatrix(answer)) {
                ProductRules.check(series.labels() != null && series.labels().values().stream()
                        .allMatch(v -> v != null), "a label without a value", series);
                series.samples().forEach(QueryRangeFuzzTest::valid);
            }
            outcomes.add("read");
        } catch (PrometheusApi.QueryException e) {
            outcomes.add("refused");
            ProductRules.reason(e.getMessage());
        }
        try {
            ProductRules.check(PrometheusApi.resultType(answer) != null, "no result type", answer.length);
        } catch (PrometheusApi.QueryException e) {
            ProductRules.reason(e.getMessage());
        }
    }

    static void valid(QueryRangeSample sample) {
        ProductRules.check(Double.isFinite(sample.value()), "a value that is not finite", sample);
        ProductRules.check(sample.timestamp() != Long.MIN_VALUE && sample.timestamp() != Long.MAX_VALUE,
                "a time that overflowed", sample);
    }

    /** Valid documents, hostile points and structure, mutated bytes, JSON that is no document, random bytes. */
    static Generator<byte[]> documents(Generator<byte[]> valid) {
        return Generator.frequencyOf(
                weight(2, valid),
                weight(8, r -> Hostile.utf8(hostileDocument(r))),
                weight(3, r -> Hostile.mutate(r, valid.make(r))),
                weight(1, r -> Hostile.utf8(Hostile.notARecord(r))),
                weight(1, Hostile::bytes));
    }

    /** A matrix whose parts (status, result type, labels, points, times, values) may each be hostile. */
    static String hostileDocument(RandomGenerator r) {
        StringBuilder values = new StringBuilder("[");
        for (int i = r.nextInt(6); i > 0; i--) {
            String t = r.nextInt(3) > 0 ? String.valueOf(1_767_225_600L + 30L * i) : time(r);
            String v = r.nextInt(3) > 0 ? "\"" + r.nextInt(300) + ".5\"" : Hostile.anyValue(r);
            String point = switch (r.nextInt(12)) {
                case 0 -> "[" + t + "]";
                case 1 -> "[" + t + "," + v + ",1]";
                case 2 -> Hostile.anyValue(r);
                case 3 -> "[]";
                default -> "[" + t + "," + v + "]";
            };
            values.append(values.length() > 1 ? "," : "").append(point);
        }
        values.append(']');
        String metric = r.nextInt(5) > 0 ? "{\"source_workload\":" + Hostile.quote(Hostile.name(r))
                + ",\"destination_workload\":\"cart\"}" : Hostile.anyValue(r);
        String series = "{\"metric\":" + metric + ",\"values\":" + (r.nextInt(10) > 0 ? values : Hostile.anyValue(r))
                + "}";
        String result = r.nextInt(10) > 0 ? "[" + series + (r.nextInt(8) == 0 ? "," + series : "") + "]"
                : Hostile.anyValue(r);
        String type = r.nextInt(8) > 0 ? "\"matrix\"" : Hostile.pick(r, List.of("\"vector\"", "\"scalar\"", "null",
                "1", "{}"));
        String status = r.nextInt(10) > 0 ? "\"success\"" : Hostile.pick(r, List.of("\"error\"", "null", "1", "[]"));
        return "{\"status\":" + status + ",\"data\":{\"resultType\":" + type + ",\"result\":" + result + "}"
                + (r.nextInt(10) == 0 ? ",\"errorType\":\"bad_data\",\"error\":" + Hostile.anyValue(r) : "") + "}";
    }

    /** Times of every extreme, in seconds as Prometheus writes them, and as text. */
    static String time(RandomGenerator r) {
        return Hostile.pick(r, List.of("0", "-1", "1e3", "1.5", "1767225600.123456", "\"1767225600\"", "\"x\"",
                "9223372036854775807", "9223372036854776", "1e17", "1e300", "-1e300", "1e999999999", "\"1e999999999\"",
                "\"-1e999999999\"", "NaN", "\"NaN\"", "\"Infinity\"", "null", "[]", "{}", "true", "253402300799",
                "4102444800", "3786912000", "-62167219200", "\"" + "9".repeat(500) + "\""));
    }
}
