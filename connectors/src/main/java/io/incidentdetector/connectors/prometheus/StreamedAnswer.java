package io.incidentdetector.connectors.prometheus;

import io.incidentdetector.connectors.http.BoundedBody;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A Prometheus API answer read as its bytes arrive, by Jackson's non-blocking parser: its status and error, its
 * {@code resultType}, and a matrix's series (labels, finite points), never the document or a tree of it. An answer
 * longer than {@code maxBytes} is abandoned there (the exchange is cancelled): {@link #tooLarge()}; so is one that
 * is not JSON.
 */
final class StreamedAnswer extends BoundedBody<StreamedAnswer> {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** Field names kept for the path: the matrix's points are six levels down; deeper levels are only counted. */
    private static final int NAMED_LEVELS = 8;

    private final JsonParser parser;
    private final ByteBufferFeeder feeder;

    private String status;
    private String errorType;
    private String error;
    private String resultType;
    private String unreadable;
    private final List<PrometheusApi.Series> series = new ArrayList<>();

    /** The field name at each open level ({@code null} in an array); the parser is {@code depth} levels down. */
    private final String[] names = new String[NAMED_LEVELS];
    private int depth;
    private Map<String, String> labels;
    private List<QueryRangeSample> samples;
    private int pointElements;
    private String pointTime;
    private String pointValue;

    StreamedAnswer(long maxBytes) {
        super(maxBytes);
        try {
            this.parser = FACTORY.createNonBlockingByteBufferParser();
        } catch (IOException e) {
            throw new IllegalStateException("Jackson has no non-blocking parser", e);
        }
        this.feeder = (ByteBufferFeeder) parser.getNonBlockingInputFeeder();
    }

    /** Reads a whole answer at once (an answer already in memory). */
    static StreamedAnswer of(byte[] answer, long maxBytes) {
        StreamedAnswer reader = new StreamedAnswer(maxBytes);
        reader.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
        });
        reader.onNext(List.of(ByteBuffer.wrap(answer)));
        reader.onComplete();
        return reader;
    }

    /** Whether the answer went on beyond the limit: abandoned there. */
    boolean tooLarge() {
        return cut();
    }

    String status() {
        return status;
    }

    String errorType() {
        return errorType;
    }

    String error() {
        return error;
    }

    String resultType() {
        return resultType;
    }

    /** Why the answer is not JSON, or null. */
    String unreadable() {
        return unreadable;
    }

    List<PrometheusApi.Series> series() {
        return series;
    }

    @Override
    protected boolean take(ByteBuffer bytes) {
        try {
            feeder.feedInput(bytes);
            drain();
        } catch (IOException | RuntimeException e) {
            unreadable = firstLine(e);
        }
        return unreadable == null;
    }

    @Override
    protected void ended() {
        try {
            feeder.endOfInput();
            drain();
        } catch (IOException | RuntimeException e) {
            unreadable = firstLine(e);
        }
    }

    @Override
    protected StreamedAnswer result() {
        return this;
    }

    private void drain() throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            switch (token) {
                case FIELD_NAME -> name(parser.currentName());
                case START_OBJECT, START_ARRAY -> open(token == JsonToken.START_OBJECT);
                case END_OBJECT, END_ARRAY -> close();
                default -> scalar();
            }
        }
    }

    private void name(String name) {
        if (depth <= NAMED_LEVELS) {
            names[depth - 1] = name;
        }
    }

    private void open(boolean object) {
        if (object && depth == 3 && under("data", "result")) {
            labels = new LinkedHashMap<>();
            samples = new ArrayList<>();
        } else if (!object && depth == 5 && under("data", "result", null, "values")) {
            pointElements = 0;
            pointTime = null;
            pointValue = null;
        }
        depth++;
        if (depth <= NAMED_LEVELS) {
            names[depth - 1] = null;
        }
    }

    private void close() throws IOException {
        if (depth == 6 && under("data", "result", null, "values")) {
            point();
        } else if (depth == 4 && under("data", "result") && labels != null) {
            // only a series object: an array in its place is no series
            series.add(new PrometheusApi.Series(labels, samples));
            labels = null;
            samples = null;
        }
        depth--;
    }

    private void scalar() throws IOException {
        if (depth == 1) {
            switch (Objects.toString(names[0], "")) {
                case "status" -> status = parser.getText();
                case "errorType" -> errorType = parser.getText();
                case "error" -> error = parser.getText();
                default -> { }
            }
        } else if (depth == 2 && under("data", "resultType")) {
            resultType = parser.getText();
        } else if (depth == 5 && under("data", "result", null, "metric")) {
            labels.put(names[4], parser.getText());
        } else if (depth == 6 && under("data", "result", null, "values")) {
            if (pointElements == 0) {
                pointTime = parser.getText();
            } else if (pointElements == 1) {
                pointValue = parser.getText();
            } else {
                throw new IOException("a point has more than two elements");
            }
            pointElements++;
        }
    }

    /** A point's end: kept if its value is a finite number (NaN is a gap, not an observation). */
    private void point() throws IOException {
        if (pointElements != 2) {
            throw new IOException("a point is not [time, \"value\"]");
        }
        double value = QueryRangeParser.parseValue(pointValue);
        if (Double.isFinite(value)) {
            Long time = QueryRangeParser.epochMillis(pointTime);
            if (time == null) {
                throw new IOException("a point's time is not a number of seconds within the range of epoch"
                        + " milliseconds: '" + QueryRangeParser.shorten(String.valueOf(pointTime)) + "'");
            }
            samples.add(new QueryRangeSample(time, value));
        }
    }

    /** Whether the open levels start with these field names ({@code null}: an array's level). */
    private boolean under(String... path) {
        for (int i = 0; i < path.length; i++) {
            if (!Objects.equals(names[i], path[i])) {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.split("\n")[0];
    }
}
