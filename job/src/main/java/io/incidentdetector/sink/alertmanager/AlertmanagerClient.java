package io.incidentdetector.sink.alertmanager;

import io.incidentdetector.connectors.http.HttpAccess;

import org.apache.flink.metrics.Counter;

import javax.net.ssl.SSLException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /api/v2/alerts} with the JDK's HTTP client, asynchronously, each request bounded by a timeout and
 * carrying the configured credentials, headers and TLS ({@link HttpAccess}). Of the
 * answer only its first {@value #MAX_ANSWER_BYTES} bytes are read (a longer one is cut there and counted in
 * {@code alertmanager_answers_cut}): the status says what happened, the text only details a failure.
 */
final class AlertmanagerClient implements AlertPoster {

    static final int MAX_ANSWER_BYTES = 4096;
    private static final int MAX_DETAIL = 200;

    private final HttpClient http;
    private final Duration timeout;
    private final Counter answersCut;
    private final HttpAccess access;

    /** @param answersCut counts answers longer than the bytes read; updated from the HTTP client's threads */
    AlertmanagerClient(Duration timeout, Counter answersCut, HttpAccess access) {
        this.timeout = timeout;
        this.answersCut = answersCut;
        this.access = access;
        this.http = access.client().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Where the alerts of the Alertmanager at {@code url} (with any path prefix) are posted. */
    static URI endpoint(String url) {
        return URI.create(url.replaceAll("/+$", "") + "/api/v2/alerts");
    }

    @Override
    public CompletableFuture<PostResult> post(URI endpoint, byte[] alerts) {
        try {
            HttpRequest request = access.authorize(HttpRequest.newBuilder(endpoint))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "incident-detector")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(alerts))
                    .build();
            return http.sendAsync(request, info -> new FirstBytes(MAX_ANSWER_BYTES))
                    .handle((response, error) -> error != null ? PostResult.failed(reason(error)) : result(response));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(PostResult.failed(reason(e)));
        }
    }

    private PostResult result(HttpResponse<FirstBytes.Text> response) {
        if (response.body().cut()) {
            answersCut.inc();
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return PostResult.accepted();
        }
        String detail = "HTTP " + status + " " + shorten(response.body().text())
                + (status == 401 || status == 403 ? " (the credentials were refused: check alertmanager.http)" : "");
        return status / 100 == 4 ? PostResult.refused(detail) : PostResult.failed(detail);
    }

    static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + shorten(message))
                + (isTls(cause) ? " (TLS: check alertmanager.http.ca-file, cert-file and key-file)" : "");
    }

    private static boolean isTls(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String shorten(String text) {
        String line = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
    }
}
