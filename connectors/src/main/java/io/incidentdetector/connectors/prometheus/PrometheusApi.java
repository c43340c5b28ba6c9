package io.incidentdetector.connectors.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A client of Prometheus' HTTP API ({@code /api/v1/query_range}, {@code /api/v1/query}), on the JDK's own HTTP
 * client: asynchronous, so a source never blocks its task thread on the network. Queries are sent as form posts
 * (no URL length limit on long PromQL). Points whose value is not finite ({@code NaN}: no traffic in the range) are
 * left out: they are gaps, not observations.
 */
public final class PrometheusApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One series of a range query: its labels and its finite points in time order. */
    public record Series(Map<String, String> labels, List<QueryRangeSample> samples) {}

    /** The server answered with an error, or could not be reached; {@code permanent} for a bad query. */
    public static final class QueryException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean permanent;

        public QueryException(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public PrometheusApi(String url, Duration timeout) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The points of {@code query} from {@code start} to {@code end} (epoch ms, both included) every {@code step}. */
    public CompletableFuture<List<Series>> queryRange(String query, long startMillis, long endMillis, long stepMillis) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        form.put("start", seconds(startMillis));
        form.put("end", seconds(endMillis));
        form.put("step", seconds(stepMillis));
        return post("api/v1/query_range", form).thenApply(body -> {
            try {
                return parseMatrix(body);
            } catch (QueryException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** Evaluates {@code query} once at the server's now; the answer's {@code resultType}, to check a query. */
    public CompletableFuture<String> check(String query) {
        return post("api/v1/query", Map.of("query", query)).thenApply(body -> {
            try {
                return resultType(body);
            } catch (QueryException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** The {@code resultType} of a successful answer ({@code matrix}, {@code vector}, ...). */
    public static String resultType(byte[] body) throws QueryException {
        return data(body).path("resultType").asText();
    }

    private CompletableFuture<byte[]> post(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        throw new CompletionException(new QueryException("cannot reach Prometheus at " + base + ": "
                                + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()),
                                false));
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw new CompletionException(new QueryException(errorOf(response), response.statusCode() == 400
                                || response.statusCode() == 422));
                    }
                    return response.body();
                });
    }

    /** The series of a query_range answer. */
    public static List<Series> parseMatrix(byte[] body) throws QueryException {
        JsonNode data = data(body);
        if (!"matrix".equals(data.path("resultType").asText())) {
            throw new QueryException("the query gives a " + data.path("resultType").asText()
                    + ", not a range vector of series", true);
        }
        List<Series> out = new ArrayList<>();
        for (JsonNode series : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = series.path("metric").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> label = fields.next();
                labels.put(label.getKey(), label.getValue().asText());
            }
            List<QueryRangeSample> samples = new ArrayList<>();
            for (JsonNode point : series.path("values")) {
                double value = QueryRangeParser.parseValue(point.path(1).asText());
                if (Double.isFinite(value)) {
                    Long t = QueryRangeParser.epochMillis(point.path(0).asText());
                    if (t == null) {
                        throw new QueryException("Prometheus answered a point whose time is not a number of seconds"
                                + " within the range of epoch milliseconds: " + QueryRangeParser.shorten(
                                        point.toString()), false);
                    }
                    samples.add(new QueryRangeSample(t, value));
                }
            }
            out.add(new Series(labels, samples));
        }
        return out;
    }

    private static JsonNode data(byte[] body) throws QueryException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new QueryException("Prometheus answered something that is not JSON: " + e.getMessage(), false);
        }
        if (root == null || !"success".equals(root.path("status").asText())) {
            throw new QueryException("Prometheus refused the query: " + (root == null ? "empty answer"
                    : root.path("errorType").asText() + ": " + root.path("error").asText()), true);
        }
        return root.path("data");
    }

    private static String errorOf(HttpResponse<byte[]> response) {
        try {
            JsonNode root = JSON.readTree(response.body());
            if (root != null && root.has("error")) {
                return "Prometheus answered " + response.statusCode() + ": " + root.path("errorType").asText() + ": "
                        + root.path("error").asText();
            }
        } catch (IOException e) {
            // not JSON: a proxy's page; the status says enough
        }
        return "Prometheus answered HTTP " + response.statusCode();
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis).movePointLeft(3).toPlainString();
    }
}
