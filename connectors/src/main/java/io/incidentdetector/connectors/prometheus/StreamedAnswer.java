package io.incidentdetector.connectors.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A Prometheus API answer read as its bytes arrive, by Jackson's non-blocking parser: its status and error, its
 * {@code resultType}, and a matrix's series (labels, finite points), never the document or a tree of it. An answer
 * longer than {@code maxBytes} is abandoned there (the exchange is cancelled): {@link #tooLarge()}.
 */
final class StreamedAnswer implements HttpResponse.BodySubscriber<StreamedAnswer> {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** Field names kept for the path: the matrix's points are six levels down; deeper levels are only counted. */
    private static final int NAMED_LEVELS = 8;

    private final long maxBytes;
    private final CompletableFuture<StreamedAnswer> body = new CompletableFuture<>();
    private final JsonParser parser;
    private Flow.Subscription subscription;
    private long bytes;
    private boolean tooLarge;

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
        this.maxBytes = maxBytes;
        try {
            this.parser = FACTORY.createNonBlockingByteBufferParser();
        } catch (IOException e) {
            throw new IllegalStateException("Jackson has no non-blocking parser", e);
        }
    }

    /** Reads a whole answer at once (tests, and answers already in memory). */
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

    boolean tooLarge() {
        return tooLarge;
    }

    long bytesRead() {
        return bytes;
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
    public CompletionStage<StreamedAnswer> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            bytes += buffer.remaining();
            if (bytes > maxBytes) {
                tooLarge = true;
            } else {
                feed(buffer);
            }
            if (tooLarge || unreadable != null) {
                subscription.cancel();
                body.complete(this);
                return;
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        if (!body.isDone()) {
            try {
                ((ByteBufferFeeder) parser.getNonBlockingInputFeeder()).endOfInput();
                drain();
            } catch (IOException | RuntimeException e) {
                unreadable = firstLine(e);
            }
            body.complete(this);
        }
    }

    private void feed(ByteBuffer buffer) {
        try {
            ((ByteBufferFeeder) parser.getNonBlockingInputFeeder()).feedInput(buffer);
            drain();
        } catch (IOException | RuntimeException e) {
            unreadable = firstLine(e);
        }
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
        } else if (depth == 4 && under("data", "result")) {
            series.add(new PrometheusApi.Series(labels, samples));
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
        double value = switch (pointValue) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(pointValue);
        };
        if (Double.isFinite(value)) {
            samples.add(new QueryRangeSample(new BigDecimal(pointTime).movePointRight(3).longValue(), value));
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
