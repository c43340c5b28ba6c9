package io.incidentdetector.connectors.prometheus;

import io.incidentdetector.connectors.http.HttpAccess;
import io.incidentdetector.connectors.http.RedactedUrl;

import javax.net.ssl.SSLException;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A client of Prometheus' HTTP API ({@code /api/v1/query_range}, {@code /api/v1/query}), on the JDK's own HTTP
 * client: asynchronous, so a source never blocks its task thread on the network. Queries are sent as form posts
 * (no URL length limit on long PromQL). Answers are parsed as they arrive, never held whole ({@link StreamedAnswer}),
 * and one longer than {@code maxResponseBytes} fails the query ({@link ResponseTooLarge}). Points whose value is not
 * finite ({@code NaN}: no traffic in the range) are left out: they are gaps, not observations.
 */
public final class PrometheusApi {

    /** One series of a range query: its labels and its finite points in time order. */
    public record Series(Map<String, String> labels, List<QueryRangeSample> samples) {}

    /** The server answered with an error, or could not be reached; {@code permanent} for a bad query. */
    public static class QueryException extends IOException {
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

    /** The server refused the credentials (HTTP 401, 403), or the TLS handshake failed: a setting to fix. */
    public static final class AccessDenied extends QueryException {
        private static final long serialVersionUID = 1L;

        public AccessDenied(String message) {
            super(message, false);
        }
    }

    /** The answer was longer than the limit: abandoned unread past it. Asking for less may succeed. */
    public static final class ResponseTooLarge extends QueryException {
        private static final long serialVersionUID = 1L;

        public ResponseTooLarge(long limit) {
            super(String.format("Prometheus' answer is longer than %,d bytes, the limit; it was not read", limit),
                    false);
        }
    }

    private final URI base;
    private final Duration timeout;
    private final long maxResponseBytes;
    private final HttpAccess access;
    private final HttpClient http;

    /** @param access credentials, headers and TLS of every request */
    public PrometheusApi(String url, Duration timeout, long maxResponseBytes, HttpAccess access) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
        this.access = access;
        // HTTP/1.1: over TLS, HTTP/2 turns an answer abandoned unread (an error page) into "stream cancelled"
        this.http = access.client().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** The points of {@code query} from {@code start} to {@code end} (epoch ms, both included) every {@code step}. */
    public CompletableFuture<List<Series>> queryRange(String query, long startMillis, long endMillis, long stepMillis) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("query", query);
        form.put("start", seconds(startMillis));
        form.put("end", seconds(endMillis));
        form.put("step", seconds(stepMillis));
        return post("api/v1/query_range", form).thenApply(answer -> {
            try {
                return matrix(answer);
            } catch (QueryException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** The series of a whole query_range answer already in memory, checked as an answer from the server is. */
    public static List<Series> parseMatrix(byte[] body) throws QueryException {
        return matrix(checked(StreamedAnswer.of(body, Long.MAX_VALUE), 200, Long.MAX_VALUE));
    }

    /** The {@code resultType} of a whole successful answer already in memory ({@code matrix}, {@code vector}, ...). */
    public static String resultType(byte[] body) throws QueryException {
        return checked(StreamedAnswer.of(body, Long.MAX_VALUE), 200, Long.MAX_VALUE).resultType();
    }

    private static List<Series> matrix(StreamedAnswer answer) throws QueryException {
        if (!"matrix".equals(answer.resultType())) {
            throw new QueryException("the query gives a " + answer.resultType() + ", not a range vector of series",
                    true);
        }
        return answer.series();
    }

    /** Evaluates {@code query} once at the server's now; the answer's {@code resultType}, to check a query. */
    public CompletableFuture<String> check(String query) {
        return post("api/v1/query", Map.of("query", query)).thenApply(StreamedAnswer::resultType);
    }

    /** The answer, read as it arrives; completes exceptionally with a {@link QueryException} unless it succeeded. */
    private CompletableFuture<StreamedAnswer> post(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest request;
        try {
            request = access.authorize(HttpRequest.newBuilder(base.resolve(path)))
                    .timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
        } catch (RuntimeException e) { // a secret that cannot be read now
            return CompletableFuture.failedFuture(new AccessDenied("no credentials for Prometheus at "
                    + RedactedUrl.of(base) + ": " + e.getMessage()));
        }
        return http.sendAsync(request, info -> new StreamedAnswer(maxResponseBytes))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(unreachable(failure));
                    }
                    try {
                        return checked(response.body(), response.statusCode(), maxResponseBytes);
                    } catch (QueryException e) {
                        throw new CompletionException(e);
                    }
                });
    }

    private QueryException unreachable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new AccessDenied("TLS handshake with Prometheus at " + RedactedUrl.of(base) + " failed: "
                        + reason);
            }
        }
        return new QueryException("cannot reach Prometheus at " + RedactedUrl.of(base) + ": " + reason, false);
    }

    /** The answer if it is a success; else the failure it is, naming the server's reason when there is one. */
    static StreamedAnswer checked(StreamedAnswer answer, int httpStatus, long maxResponseBytes) throws QueryException {
        if (answer.tooLarge()) {
            throw new ResponseTooLarge(maxResponseBytes);
        }
        if (httpStatus == 401 || httpStatus == 403) {
            throw new AccessDenied("Prometheus refused the credentials (HTTP " + httpStatus + ")");
        }
        if (httpStatus / 100 != 2) {
            boolean permanent = httpStatus == 400 || httpStatus == 422;
            if (answer.unreadable() == null && answer.error() != null) {
                throw new QueryException("Prometheus answered " + httpStatus + ": " + answer.errorType() + ": "
                        + answer.error(), permanent);
            }
            // not JSON: a proxy's page; the status says enough
            throw new QueryException("Prometheus answered HTTP " + httpStatus, permanent);
        }
        if (answer.unreadable() != null) {
            throw new QueryException("Prometheus answered something that is not JSON: " + answer.unreadable(), false);
        }
        if (!"success".equals(answer.status())) {
            throw new QueryException("Prometheus refused the query: " + (answer.status() == null ? "empty answer"
                    : answer.errorType() + ": " + answer.error()), true);
        }
        if (answer.resultType() == null) {
            throw new QueryException("Prometheus answered success without a data.resultType: not a query answer",
                    false);
        }
        return answer;
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis).movePointLeft(3).toPlainString();
    }
}
