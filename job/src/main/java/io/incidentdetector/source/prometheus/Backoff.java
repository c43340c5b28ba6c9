package io.incidentdetector.source.prometheus;

import io.incidentdetector.connectors.prometheus.PrometheusApi;
import io.incidentdetector.metrics.OutageReport;

import org.slf4j.Logger;

/**
 * How a reader waits after failed queries: 1 s, doubling, at most 30 s, for as long as it takes (a server that
 * restarts comes back; the split keeps the position, so nothing is skipped). An unreachable server is an outage
 * ({@link OutageReport}: one warning when it starts, a summary a minute, one line when it ends); a query the server
 * refuses is an error, said once.
 */
final class Backoff {

    private static final long FIRST_MS = 1_000;
    private static final long MAX_MS = 30_000;

    private final Logger log;
    private final OutageReport outage;
    private int failures;

    Backoff(Logger log, OutageReport outage) {
        this.log = log;
        this.outage = outage;
    }

    /** Records a failure; returns how long to wait before the next attempt. */
    long failed(Throwable error) {
        failures++;
        String message = error instanceof PrometheusApi.QueryException q ? q.getMessage() : String.valueOf(error);
        if (error instanceof PrometheusApi.QueryException q && q.permanent()) {
            if (failures == 1) {
                log.error("{}. Fix: check prometheus.query; retrying", message);
            } else {
                log.debug("attempt {} failed: {}", failures, message);
            }
        } else if (!(error instanceof PrometheusApi.ResponseTooLarge)) {
            outage.failed(message);
        }
        return Math.min(MAX_MS, FIRST_MS << Math.min(failures - 1, 10));
    }

    void succeeded() {
        if (outage.ongoing()) {
            outage.succeeded();
        } else if (failures > 0) {
            log.info("Prometheus answers again after {} failed attempts", failures);
        }
        failures = 0;
    }
}
