package io.incidentdetector.connectors.prometheus;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads and writes single-series Prometheus {@code query_range} exports. */
public final class QueryRangeFiles {

    private QueryRangeFiles() {}

    /** All finite samples of a single-series export, in file order. */
    public static List<QueryRangeSample> readSingleSeries(InputStream in, String origin) throws IOException {
        List<QueryRangeSample> samples = new ArrayList<>();
        readSingleSeries(in, origin, samples::add);
        return samples;
    }

    /** Hands each finite sample of a single-series export on, in file order, keeping none. */
    public static void readSingleSeries(InputStream in, String origin, Consumer<QueryRangeSample> each)
            throws IOException {
        try (QueryRangeParser parser = new QueryRangeParser(in, origin)) {
            QueryRangeSample sample;
            while ((sample = parser.next()) != null) {
                each.accept(sample);
            }
            if (parser.seriesCount() != 1) {
                throw new IOException(origin + " holds " + parser.seriesCount()
                        + " series; export exactly one (filter the query by source and destination)");
            }
        }
    }

    /**
     * The step of an export: the median spacing of its first points (median, so that skipped NaN points do not
     * count as a longer step). Returns 0 when the file has fewer than two points.
     */
    public static long stepMillis(InputStream in, String origin) throws IOException {
        List<Long> gaps = new ArrayList<>();
        try (QueryRangeParser parser = new QueryRangeParser(in, origin)) {
            QueryRangeSample previous = parser.next();
            QueryRangeSample sample;
            while (previous != null && gaps.size() < 101 && (sample = parser.next()) != null) {
                if (sample.timestamp() > previous.timestamp()) {
                    gaps.add(sample.timestamp() - previous.timestamp());
                }
                previous = sample;
            }
        }
        if (gaps.isEmpty()) {
            return 0;
        }
        gaps.sort(null);
        return gaps.get(gaps.size() / 2);
    }

    /** Writes one series in the layout Prometheus' HTTP API returns, values as strings. */
    public static void writeSingleSeries(OutputStream out, Map<String, String> labels, List<QueryRangeSample> samples)
            throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeObjectFieldStart("data");
            json.writeStringField("resultType", "matrix");
            json.writeArrayFieldStart("result");
            json.writeStartObject();
            json.writeObjectFieldStart("metric");
            for (Map.Entry<String, String> label : labels.entrySet()) {
                json.writeStringField(label.getKey(), label.getValue());
            }
            json.writeEndObject();
            json.writeArrayFieldStart("values");
            for (QueryRangeSample sample : samples) {
                json.writeStartArray();
                json.writeNumber(BigDecimal.valueOf(sample.timestamp()).movePointLeft(3).stripTrailingZeros().toPlainString());
                json.writeString(Double.isFinite(sample.value()) ? Double.toString(sample.value()) : "NaN");
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }
    }
}
