package io.incidentdetector.plan;

import io.incidentdetector.config.ConfigException;
import io.incidentdetector.config.PrometheusSourceConfig;
import io.incidentdetector.connectors.http.RedactedUrl;
import io.incidentdetector.connectors.prometheus.PrometheusApi;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the Prometheus server, before the job is submitted, whether it answers and takes the query: a wrong address
 * or a query that does not parse fails at start-up naming the key, not as retries in a running job.
 */
final class PrometheusStartupCheck {

    private PrometheusStartupCheck() {}

    static void run(PrometheusSourceConfig config) {
        PrometheusApi api = new PrometheusApi(config.url(), config.timeout(), config.maxResponseBytes().getBytes(),
                config.http());
        try {
            String type = api.check(config.query()).get(config.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            if (!"vector".equals(type)) {
                throw new ConfigException("prometheus.query", List.of("the query gives a " + type + ", not one series"
                        + " per pair. Fix: use an instant-vector expression such as "
                        + PrometheusSourceConfig.ISTIO_P50));
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PrometheusApi.AccessDenied) {
                throw new ConfigException("prometheus.http", List.of(cause.getMessage() + ". Fix: check"
                        + " prometheus.http: username with password-file, or bearer-token-file; ca-file for the"
                        + " server's CA, cert-file and key-file for a client certificate"));
            }
            if (cause instanceof PrometheusApi.QueryException q && q.permanent()) {
                throw new ConfigException("prometheus.query", List.of(q.getMessage() + ". Fix: check the expression in"
                        + " Prometheus' own query page, e.g. " + PrometheusSourceConfig.ISTIO_P50));
            }
            throw new ConfigException("prometheus.url", List.of((cause == null ? e : cause).getMessage()
                    + ". Fix: start the server or correct the address, e.g. http://127.0.0.1:9090"));
        } catch (TimeoutException e) {
            throw new ConfigException("prometheus.url", List.of("no answer from " + RedactedUrl.of(config.url())
                    + " within " + config.timeout() + ". Fix: check the address, or raise prometheus.timeout"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("prometheus.url", List.of("interrupted while checking "
                    + RedactedUrl.of(config.url()) + ". Fix: start again"));
        }
    }
}
