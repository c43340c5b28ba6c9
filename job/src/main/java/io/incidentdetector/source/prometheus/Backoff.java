package io.incidentdetector.source.prometheus;

import io.incidentdetector.connectors.prometheus.PrometheusApi;

import org.slf4j.Logger;

/**
 * How a reader waits after failed queries: 1 s, doubling, at most 30 s, for as long as it takes (a server that
 * restarts comes back; the split keeps the position, so nothing is skipped). One warning per outage, one line when
 * it ends.
 */
final class Backoff {

    private static final long FIRST_MS = 1_000;
    private static final long MAX_MS = 30_000;

    private final Logger log;
    private int failures;

    Backoff(Logger log) {
        this.log = log;
    }

    /** Records a failure; returns how long to wait before the next attempt. */
    long failed(Throwable error) {
        failures++;
        String message = error instanceof PrometheusApi.QueryException q ? q.getMessage() : String.valueOf(error);
        if (failures == 1) {
            if (error instanceof PrometheusApi.QueryException q && q.permanent()) {
                log.error("{}. Fix: check prometheus.query; retrying", message);
            } else {
                log.warn("{}; retrying with backoff (the job waits for it, no step is skipped)", message);
            }
        } else {
            log.debug("attempt {} failed: {}", failures, message);
        }
        return Math.min(MAX_MS, FIRST_MS << Math.min(failures - 1, 10));
    }

    void succeeded() {
        if (failures > 0) {
            log.info("Prometheus answers again after {} failed attempts", failures);
        }
        failures = 0;
    }
}
