package io.incidentdetector.connectors.prometheus;

import io.incidentdetector.connectors.deadletter.Shown;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

/**
 * Streams the points of a Prometheus {@code query_range} response
 * ({@code {"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[t,"v"],...]}]}}})
 * without loading the whole document. Points whose value is not a finite number ({@code "NaN"}, {@code "+Inf"})
 * are skipped: they are scrape gaps, not observations.
 */
public final class QueryRangeParser implements Closeable {

    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonParser parser;
    private final String origin;
    private boolean inValues;
    private int series;

    public QueryRangeParser(InputStream in, String origin) throws IOException {
        this.parser = FACTORY.createParser(in);
        this.origin = origin;
    }

    /** The next finite sample, or null at the end of the document. */
    public QueryRangeSample next() throws IOException {
        while (true) {
            if (!inValues && !seekValues()) {
                return null;
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY) {
                inValues = false;
                continue;
            }
            if (token != JsonToken.START_ARRAY) {
                throw malformed("expected a [timestamp, \"value\"] pair");
            }
            parser.nextToken();
            String seconds = parser.getValueAsString();
            Long timestamp = epochMillis(seconds);
            if (timestamp == null) {
                throw malformed("a point's time is not a number of seconds within the range of epoch milliseconds: "
                        + (seconds == null ? parser.currentToken() : "'" + shorten(seconds) + "'"));
            }
            parser.nextToken();
            String text = parser.getValueAsString();
            if (parser.nextToken() != JsonToken.END_ARRAY) {
                throw malformed("a point has more than two elements");
            }
            double value = parseValue(text);
            if (Double.isFinite(value)) {
                return new QueryRangeSample(timestamp, value);
            }
        }
    }

    /** The line the parser has read up to: of the last sample, after {@link #next}. */
    public long lineNumber() {
        return parser.currentLocation().getLineNr();
    }

    /** Number of series ({@code result} entries) seen so far. */
    public int seriesCount() {
        return series;
    }

    private boolean seekValues() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if ("values".equals(name)) {
                    if (parser.nextToken() != JsonToken.START_ARRAY) {
                        throw malformed("\"values\" is not an array");
                    }
                    series++;
                    inValues = true;
                    return true;
                }
                if ("status".equals(name)) {
                    parser.nextToken();
                    if (!"success".equals(parser.getValueAsString())) {
                        throw malformed("status is \"" + Shown.value(parser.getValueAsString())
                                + "\", not \"success\"");
                    }
                }
                if ("metric".equals(name)) {
                    parser.nextToken();
                    parser.skipChildren();
                }
            }
        }
        return false;
    }

    /**
     * A point's time, seconds as Prometheus writes them (a number or a string, with a fraction), in epoch milliseconds;
     * null when it is not a number or too large for epoch milliseconds.
     */
    static Long epochMillis(String seconds) {
        if (seconds == null || seconds.length() > 40) {
            return null;
        }
        try {
            BigDecimal t = new BigDecimal(seconds);
            return t.precision() - t.scale() > 15 ? null : t.movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    static double parseValue(String text) {
        if (text == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private IOException malformed(String why) {
        return new IOException(origin + " is not a Prometheus query_range export: " + why
                + " (near line " + parser.currentLocation().getLineNr() + ")");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
